package io.silgeom.bench.measure;

import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.speed.consume.SpeedStats;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Figure (b): documents/s through the whole speed layer, Kafka to Redis, once it is warm and in a steady state. The
 * topic is loaded before the speed layer starts (warm-up records first, then the measured ones), so the broker is
 * never what the speed layer waits for. A record counts in {@link SpeedLayer#stats()} only once its partition's Lua
 * apply returned (applied, duplicate, late, filtered or dead-lettered).
 *
 * <p>The span runs from the moment the stats account for every warm-up record until they account for all but the last
 * {@link #TAIL_SHARE} of the measured ones, and the figure is the records accounted for in between, as counted at both
 * ends. Why not until the last record: at the start the pipeline is full (records polled, analyzed, in flushes in
 * flight: up to about 20,000 with the embedded profile's batches), so measured records had been worked on before the
 * clock started; ending with the last record would end on an empty pipeline and credit the span with that head start
 * (0.94 against 0.69 for the same code at 100,000 and 400,000 documents with 20,000-record batches, session 6). With
 * records still coming after the end, the pipeline is as full at the end as at the start.
 */
public final class SpeedLayerThroughput {
    /** How often the stats are read: well under the span, far above the cost of reading them. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Share of the measured records left after the span, so that it ends, as it starts, on a full pipeline. */
    static final double TAIL_SHARE = 0.25;

    private SpeedLayerThroughput() {
    }

    /**
     * The measured span (the records accounted for within it) and the speed layer's counters once it had taken every
     * record (warm-up included).
     */
    public record Result(Throughput throughput, SpeedStats stats) {
    }

    /**
     * Waits until the running {@code speed} layer has taken {@code warmup} records, runs {@code atStart} (the caller
     * reads its CPU clocks there), waits until it has taken all but the last {@link #TAIL_SHARE} of {@code records}
     * more, runs {@code atEnd}, then waits until it has taken them all.
     *
     * @throws TimeoutException if it has not within {@code timeout} (the figure would be meaningless)
     */
    public static Result await(SpeedLayer speed, long warmup, long records, Duration timeout, Runnable atStart,
                               Runnable atEnd) throws TimeoutException {
        Objects.requireNonNull(speed, "speed");
        Objects.requireNonNull(atStart, "atStart");
        Objects.requireNonNull(atEnd, "atEnd");
        long deadline = System.nanoTime() + timeout.toNanos();
        // NOTE: a thread just started may not have entered run() yet; "not running" only counts after that.
        while (!speed.isRunning() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        long first = handled(awaitHandled(speed, warmup, deadline, timeout));
        long start = System.nanoTime();
        atStart.run();
        long last = handled(awaitHandled(speed, warmup + records - Math.round(records * TAIL_SHARE), deadline, timeout));
        long end = System.nanoTime();
        atEnd.run();
        SpeedStats stats = awaitHandled(speed, warmup + records, deadline, timeout);
        if (stats.applied() == 0) {
            throw new IllegalStateException("every record was taken but none was counted (all invalid or late?): " + stats);
        }
        return new Result(new Throughput(last - first, Duration.ofNanos(end - start)), stats);
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
