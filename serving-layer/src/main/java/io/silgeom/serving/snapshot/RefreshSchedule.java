package io.silgeom.serving.snapshot;

import java.time.Duration;
import java.util.Objects;

/**
 * When {@link SnapshotService} refreshes its charts ({@link RefreshTrigger} has the rules): soon after the views
 * move, at most every {@code minGap} (longer after a slow refresh, so that refreshing takes at most {@code maxBusy}
 * of the time), and at least every {@code interval}.
 *
 * @param interval the longest a chart goes without a refresh ({@code serving.refresh.interval})
 * @param minGap   the shortest pause between two refreshes ({@code serving.refresh.min.gap}); at or above
 *                 {@code interval} the views' progress is not watched and refreshes follow the interval alone
 * @param maxBusy  the largest share of the time spent refreshing while the views keep changing
 *                 ({@code serving.refresh.max.busy}, more than 0, at most 1): after a refresh of {@code d}, the next
 *                 one a change brings waits {@code d * (1 - maxBusy) / maxBusy} (and at least {@code minGap})
 * @param watch    how often the views' progress is read ({@code serving.refresh.watch}); also the refresher's tick,
 *                 so the interval is kept to within one watch period
 */
public record RefreshSchedule(Duration interval, Duration minGap, double maxBusy, Duration watch) {
    public RefreshSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(minGap, "minGap");
        Objects.requireNonNull(watch, "watch");
        if (!(maxBusy > 0 && maxBusy <= 1)) {
            throw new IllegalArgumentException("maxBusy must be more than 0 and at most 1, got: " + maxBusy);
        }
        if (interval.isNegative() || interval.isZero() || watch.isNegative() || watch.isZero()) {
            throw new IllegalArgumentException("interval and watch must be positive, got: " + interval + ", " + watch);
        }
        if (minGap.isNegative()) {
            throw new IllegalArgumentException("minGap must not be negative, got: " + minGap);
        }
    }

    /** Refreshes every {@code interval} only, whatever the views do (the refresher ticks every 100 ms). */
    public static RefreshSchedule every(Duration interval) {
        return new RefreshSchedule(interval, interval, 1.0, Duration.ofMillis(100));
    }

    /** How long a refresh that follows a change waits after one that took {@code lastNanos}: see {@code maxBusy}. */
    long gapAfterNanos(long lastNanos) {
        return Math.max(minGap.toNanos(), (long) (lastNanos * ((1 - maxBusy) / maxBusy)));
    }

    /** True when a change of the views can bring a refresh forward. */
    public boolean followsChanges() {
        return minGap.compareTo(interval) < 0;
    }
}
