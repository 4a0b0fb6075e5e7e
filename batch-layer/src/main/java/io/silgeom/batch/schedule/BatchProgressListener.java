package io.silgeom.batch.schedule;

import java.time.Duration;

/**
 * Progress of a {@link BatchRun}, for the {@code silgeom batch} command's progress lines and for logs. Called on the
 * thread running the batch; implementations must be quick and must not throw.
 */
public interface BatchProgressListener {
    /** A listener that ignores everything. */
    BatchProgressListener NONE = new BatchProgressListener() {
    };

    /**
     * @param percentDone share of the run's steps finished before this one, 0–100
     */
    default void stepStarted(BatchStep step, int percentDone) {
    }

    /**
     * @param percentDone share of the run's steps finished including this one, 0–100
     */
    default void stepFinished(BatchStep step, Duration took, int percentDone) {
    }

    /** Attempt {@code attempt} of the step failed; it is tried again after {@code batch.step.retry.delay}. */
    default void stepRetrying(BatchStep step, int attempt, String reason) {
    }

    /** The step failed (after its retries); the run stops here (only {@link BatchStep#REPORT} still runs). */
    default void stepFailed(BatchStep step, Duration took, String reason) {
    }
}
