package io.silgeom.bench.measure;

import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.speed.consume.SpeedStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure (b): documents/s through the whole speed layer, Kafka to Redis. The topic is loaded before the speed layer
 * starts, so the broker is never what the speed layer waits for; the span runs from the first record consumed
 * ({@link FirstCallClock}) until {@link SpeedLayer#stats()} accounts for every record (applied, duplicate, late or
 * dead-lettered). A record is counted in the stats only after its partition's Lua apply returned, so the span
 * includes the last write to Redis.
 */
public final class SpeedLayerThroughput {
    /** How often the stats are read: well under the span, far above the cost of reading them. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private SpeedLayerThroughput() {
    }

    /** The measured span and the speed layer's counters at its end. */
    public record Result(Throughput throughput, SpeedStats stats) {
    }

    /**
     * Waits until the running {@code speed} layer has taken {@code records} records.
     *
     * @throws TimeoutException if it has not within {@code timeout} (the figure would be meaningless)
     */
    public static Result await(SpeedLayer speed, FirstCallClock clock, long records, Duration timeout)
            throws TimeoutException {
        Objects.requireNonNull(speed, "speed");
        long deadline = System.nanoTime() + timeout.toNanos();
        // NOTE: a thread just started may not have entered run() yet; "not running" only counts after that.
        while (!speed.isRunning() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        SpeedStats stats = speed.stats();
        while (handled(stats) < records) {
            if (System.nanoTime() > deadline || !speed.isRunning()) {
                throw new TimeoutException("speed layer took " + handled(stats) + " of " + records + " records within "
                        + timeout + (speed.isRunning() ? "" : " and stopped") + ": " + stats);
            }
            LockSupport.parkNanos(POLL_NANOS);
            stats = speed.stats();
        }
        long end = System.nanoTime();
        if (!clock.called()) {
            throw new IllegalStateException("every record was taken but none was analyzed (all invalid or late?): " + stats);
        }
        return new Result(new Throughput(records, Duration.ofNanos(end - clock.firstCallNanos())), stats);
    }

    private static long handled(SpeedStats s) {
        return s.applied() + s.duplicates() + s.late() + s.dlq() + s.alreadyApplied() + s.filtered();
    }
}
