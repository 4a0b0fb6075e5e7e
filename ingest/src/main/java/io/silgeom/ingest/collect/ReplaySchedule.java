package io.silgeom.ingest.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time arithmetic of one replay: for each record in file order, its shifted event time and when to send
 * it. Pure arithmetic, no clock: {@link FileReplay} waits, this class only says until when.
 *
 * <p>With {@code t} a record's event time after gap compression (see {@link ReplayOptions#maxGap()}),
 * {@code t0} the first record's, {@code start} the replay's start and {@code s} the speedup:
 * <ul>
 *   <li>{@link TimeShift#NOW} with a speedup: {@code t' = start + (t - t0) / s} (DESIGN.md §8), sent at {@code t'}.</li>
 *   <li>{@link TimeShift#NOW} without one: {@code t' = start - (tEnd - t)}, {@code tEnd} = the latest
 *       (compressed) time in the file, so the file ends at the start and nothing lies in the future.</li>
 *   <li>{@link TimeShift#NONE}: {@code t' = } the original event time, uncompressed.</li>
 *   <li>Send time: with a speedup {@code start + (t - t0) / s}; with a rate {@code r} record {@code i}
 *       (0-based) at {@code start + i / r}; otherwise at once.</li>
 * </ul>
 */
final class ReplaySchedule {
    private final Instant start;
    private final TimeShift timeShift;
    private final Double speedup;
    private final Double rate;
    private final Instant compressedEnd;
    private final GapCompressor gaps;
    private Instant compressedFirst;

    /**
     * @param compressedEnd the latest compressed event time of the file, from {@link GapCompressor} run over
     *                      the whole file first; required exactly when {@link ReplayOptions#needsEndAnchor()}
     */
    ReplaySchedule(ReplayOptions options, Instant start, Instant compressedEnd) {
        this.start = Objects.requireNonNull(start, "start");
        this.timeShift = options.timeShift();
        this.speedup = options.speedup();
        this.rate = options.rate();
        this.gaps = new GapCompressor(options.maxGap());
        if (options.needsEndAnchor() && compressedEnd == null) {
            throw new IllegalArgumentException("time shift now without a speedup needs the file's latest event time");
        }
        this.compressedEnd = compressedEnd;
    }

    /**
     * @param shiftedTime the event time to publish
     * @param sendAt      when to send the record, or null for at once
     */
    record Slot(Instant shiftedTime, Instant sendAt) {
    }

    /**
     * Plans the next record. Call once per mapped record, in file order (the gap compression depends on it).
     *
     * @param index 0-based count of records planned before this one
     */
    Slot next(Instant eventTime, long index) {
        Instant compressed = gaps.compress(eventTime);
        if (compressedFirst == null) {
            compressedFirst = compressed;
        }
        Instant paced = speedup == null ? null : start.plus(scaled(Duration.between(compressedFirst, compressed), speedup));
        Instant shifted = switch (timeShift) {
            case NONE -> eventTime;
            case NOW -> paced != null ? paced : start.minus(Duration.between(compressed, compressedEnd));
        };
        Instant sendAt = paced != null ? paced
                : rate != null ? start.plus(scaled(Duration.ofSeconds(index), rate)) : null;
        return new Slot(shifted, sendAt);
    }

    private static Duration scaled(Duration d, double divisor) {
        return Duration.ofNanos(Math.round(d.toNanos() / divisor));
    }

    /**
     * Shortens every gap between consecutive records that is longer than {@code maxGap} to {@code maxGap}, so
     * a replay does not idle through months without data. Out-of-order records are not gaps: the compression
     * follows the latest time seen, and a record before it keeps its distance to it.
     */
    static final class GapCompressor {
        private final Duration maxGap;
        private Duration skipped = Duration.ZERO;
        private Instant latest;

        /** @param maxGap null: no compression */
        GapCompressor(Duration maxGap) {
            this.maxGap = maxGap;
        }

        Instant compress(Instant t) {
            if (latest != null && maxGap != null) {
                Duration gap = Duration.between(latest, t);
                if (gap.compareTo(maxGap) > 0) {
                    skipped = skipped.plus(gap.minus(maxGap));
                }
            }
            if (latest == null || t.isAfter(latest)) {
                latest = t;
            }
            return t.minus(skipped);
        }

        /** The latest compressed time seen so far, or null before the first record. */
        Instant latestCompressed() {
            return latest == null ? null : latest.minus(skipped);
        }
    }
}
