package io.silgeom.ingest.collect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Throttles progress reports to one per interval and computes the rate between reports. */
final class ProgressReporter {
    /** A bar redrawn four times a second looks live and costs nothing. */
    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);

    private final Clock clock;
    private final ProgressListener listener;
    private final Duration interval;
    private Instant startedAt;
    private Instant lastReportAt;
    /** {@code lastReportAt + interval} in clock millis: checked per row, so without allocating an Instant. */
    private long nextReportMillis;
    private long lastPublished;

    ProgressReporter(Clock clock, ProgressListener listener, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    void start() {
        startedAt = clock.instant();
        lastReportAt = startedAt;
        nextReportMillis = startedAt.plus(interval).toEpochMilli();
        lastPublished = 0;
    }

    /** Reports when the interval has passed since the last report; otherwise does nothing. */
    void maybeReport(long read, long published, long deadLettered, long bytesRead, long totalBytes) {
        if (clock.millis() < nextReportMillis) {
            return; // the exact check below would say the same: the interval has not passed
        }
        Instant now = clock.instant();
        Duration sinceLast = Duration.between(lastReportAt, now);
        if (sinceLast.compareTo(interval) < 0) {
            return;
        }
        double rate = perSecond(published - lastPublished, sinceLast);
        lastReportAt = now;
        nextReportMillis = now.plus(interval).toEpochMilli();
        lastPublished = published;
        listener.onProgress(new Progress(read, published, deadLettered, bytesRead, totalBytes,
                Duration.between(startedAt, now), rate, false));
    }

    /** Always reports, with the average rate of the whole run, and returns the report. */
    Progress finish(long read, long published, long deadLettered, long bytesRead, long totalBytes) {
        Duration elapsed = Duration.between(startedAt, clock.instant());
        Progress last = new Progress(read, published, deadLettered, bytesRead, totalBytes, elapsed,
                perSecond(published, elapsed), true);
        listener.onProgress(last);
        return last;
    }

    private static double perSecond(long count, Duration d) {
        return d.isZero() ? 0.0 : count / (d.toNanos() / 1e9);
    }
}
