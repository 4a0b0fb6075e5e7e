package io.silgeom.serving.snapshot;

import java.util.Objects;

/**
 * When the snapshot refresher refreshes: soon after the views move, never back to back, and at least every
 * refresh interval. Pure decision logic over monotonic times (nanoseconds, e.g. {@link System#nanoTime()}), so a
 * test drives it with a fake clock and a wall-clock step never stalls the refresher.
 *
 * <p>The refresher asks {@link #decide} on every watch tick with the views' progress it just read (the speed view's
 * offsets, its generation, the published batch view; {@link ViewProgress}), and calls {@link #refreshed} after each
 * refresh with the progress read before it started. A refresh is due:
 * <ol>
 *   <li><b>first</b>: when there has been none;</li>
 *   <li><b>changed</b>: when the progress differs from what the last refresh started from, and the last refresh
 *       ended at least {@code max(minGap, its duration * (1 - maxBusy) / maxBusy)} ago. The gap grows with the
 *       refresh's cost, so refreshing takes at most {@code maxBusy} of the time (a quarter by default: on a small
 *       machine the refresher shares the cores and Redis with the speed layer, which must not fall behind), and a
 *       cheap refresh follows the speed layer's applies within about {@code minGap};</li>
 *   <li><b>interval</b>: when the last refresh started at least {@code interval} ago (the window slides even when
 *       nothing arrives, and the progress may be unreadable), and ended at least {@code minGap} ago, so even a
 *       refresh longer than the interval is never followed back to back. (With {@code minGap} at or above the
 *       interval the views are not watched and the interval is a plain fixed rate.)</li>
 * </ol>
 * A progress that could not be read ({@code null}) never counts as a change: the interval alone then drives the
 * refreshes, as before this watch existed.
 *
 * <p>Not thread-safe: the refresher's one thread owns it.
 */
final class RefreshTrigger {
    /** Why a refresh is due, or {@link #WAIT} when none is. */
    enum Decision { WAIT, FIRST, CHANGED, INTERVAL }

    private final RefreshSchedule schedule;
    private final long intervalNanos;
    private final long minGapNanos;
    private final boolean followsChanges;
    private boolean refreshedOnce;
    private long lastStart;
    private long lastEnd;
    private Object lastProgress;

    RefreshTrigger(RefreshSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.intervalNanos = schedule.interval().toNanos();
        this.minGapNanos = schedule.minGap().toNanos();
        this.followsChanges = schedule.followsChanges();
        // NOTE: without the watch (minGap at or above the interval) the interval rule needs no gap after the end,
        // else it would stretch every interval by a refresh: a fixed-rate timer, as snapshots were before the watch.
    }

    /**
     * @param nowNanos monotonic time of the tick
     * @param progress the views' progress read at this tick (compared with {@link Object#equals}), or null when it
     *                 could not be read
     */
    Decision decide(long nowNanos, Object progress) {
        if (!refreshedOnce) {
            return Decision.FIRST;
        }
        long sinceEnd = nowNanos - lastEnd;
        if (nowNanos - lastStart >= intervalNanos && (!followsChanges || sinceEnd >= minGapNanos)) {
            return Decision.INTERVAL;
        }
        if (followsChanges && progress != null && !progress.equals(lastProgress)
                && sinceEnd >= schedule.gapAfterNanos(lastEnd - lastStart)) {
            return Decision.CHANGED;
        }
        return Decision.WAIT;
    }

    /**
     * A refresh ran from {@code startNanos} to {@code endNanos}, computed from the views as of {@code progress}
     * (read before it started, so a change during the refresh brings the next one).
     */
    void refreshed(long startNanos, long endNanos, Object progress) {
        if (endNanos - startNanos < 0) {
            throw new IllegalArgumentException("a refresh cannot end before it starts: " + startNanos + ", "
                    + endNanos);
        }
        refreshedOnce = true;
        lastStart = startNanos;
        lastEnd = endNanos;
        lastProgress = progress;
    }
}
