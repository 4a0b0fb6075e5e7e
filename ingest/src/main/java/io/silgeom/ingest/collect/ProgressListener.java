package io.silgeom.ingest.collect;

/**
 * Receives progress reports: at most {@link ProgressReporter#DEFAULT_INTERVAL a few times per second} while a
 * collector runs, and once more with {@link Progress#finished()} at the end. Called on the collector's thread,
 * so it must be quick (draw a bar, update a gauge).
 */
@FunctionalInterface
public interface ProgressListener {

    void onProgress(Progress progress);

    /** Ignores every report. */
    static ProgressListener none() {
        return p -> { };
    }
}
