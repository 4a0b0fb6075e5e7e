package io.silgeom.bench.measure;

import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.speed.consume.SpeedStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure (b): documents/s through the whole speed layer, Kafka to Redis, once it is warm. The topic is loaded before
 * the speed layer starts (warm-up records first, then the measured ones), so the broker is never what the speed layer
 * waits for. The span runs from the moment {@link SpeedLayer#stats()} accounts for every warm-up record until it
 * accounts for every measured one too (applied, duplicate, late, filtered or dead-lettered). Both ends are read on
 * the same clock, after a Lua apply returned, so the records in flight at the start and at the end weigh the same;
 * and the JIT compiler's work on the speed layer's code happens in the warm-up, as (a)'s does in its own.
 */
public final class SpeedLayerThroughput {
    /** How often the stats are read: well under the span, far above the cost of reading them. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private SpeedLayerThroughput() {
    }

    /** The measured span and the speed layer's counters at its end (warm-up included). */
    public record Result(Throughput throughput, SpeedStats stats) {
    }

    /**
     * Waits until the running {@code speed} layer has taken {@code warmup} records, runs {@code atStart} (the caller
     * reads its CPU clocks there), then waits until it has taken {@code records} more.
     *
     * @throws TimeoutException if it has not within {@code timeout} (the figure would be meaningless)
     */
    public static Result await(SpeedLayer speed, long warmup, long records, Duration timeout, Runnable atStart)
            throws TimeoutException {
        Objects.requireNonNull(speed, "speed");
        Objects.requireNonNull(atStart, "atStart");
        long deadline = System.nanoTime() + timeout.toNanos();
        // NOTE: a thread just started may not have entered run() yet; "not running" only counts after that.
        while (!speed.isRunning() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        awaitHandled(speed, warmup, deadline, timeout);
        long start = System.nanoTime();
        atStart.run();
        SpeedStats stats = awaitHandled(speed, warmup + records, deadline, timeout);
        long end = System.nanoTime();
        if (stats.applied() == 0) {
            throw new IllegalStateException("every record was taken but none was counted (all invalid or late?): " + stats);
        }
        return new Result(new Throughput(records, Duration.ofNanos(end - start)), stats);
    }

    private static SpeedStats awaitHandled(SpeedLayer speed, long records, long deadline, Duration timeout)
            throws TimeoutException {
        SpeedStats stats = speed.stats();
        while (handled(stats) < records) {
            if (System.nanoTime() > deadline || !speed.isRunning()) {
                throw new TimeoutException("speed layer took " + handled(stats) + " of " + records + " records within "
                        + timeout + (speed.isRunning() ? "" : " and stopped") + ": " + stats);
            }
            LockSupport.parkNanos(POLL_NANOS);
            stats = speed.stats();
        }
        return stats;
    }

    private static long handled(SpeedStats s) {
        return s.applied() + s.duplicates() + s.late() + s.dlq() + s.alreadyApplied() + s.filtered();
    }
}
