package io.silgeom.batch.archive;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * The archiver's event-time watermark: a time {@code W} such that the archive is believed to hold every record with
 * an event time before {@code W}, except late ones. {@link HourCloser} closes an hour once {@code W} has passed its
 * end plus the allowed lateness.
 *
 * <p>{@code W} is the minimum over the partitions of each partition's watermark:
 * <ul>
 *   <li>a partition that still has records to read (lag &gt; 0): the largest event time it has archived (committed
 *       files only), since its unread records are expected to be about as recent as its archived ones;
 *   <li>a partition that is caught up (lag 0, nothing buffered): the larger of that and the archiver's clock, i.e.
 *       ARRIVAL time. A record it gets later will arrive after now, so it is late if its event time lies more than the
 *       allowed lateness before now. This is what keeps an idle partition from holding every hour open forever.
 *   <li>a lagging partition that has archived nothing since the archiver started: unknown, and so is {@code W}: the
 *       records it is about to deliver may be of any hour.
 * </ul>
 * A single replay of old data therefore closes its hours as it goes (the slowest partition decides), and live traffic
 * closes an hour one allowed lateness after it ends. Not thread-safe: the archiver's consumer thread owns it.
 */
final class ArchiveWatermark {
    private final Map<TopicPartition, Instant> maxEventTime = new HashMap<>();

    /** A committed flush archived records of {@code tp} up to this event time. */
    void advance(TopicPartition tp, Instant eventTime) {
        Objects.requireNonNull(eventTime, "eventTime");
        maxEventTime.merge(tp, eventTime, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Partitions this archiver no longer owns; another member (or a later assignment) starts them afresh. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(maxEventTime::remove);
    }

    /**
     * @param partitions the partitions the watermark is taken over (the archiver's assignment)
     * @param caughtUp   whether a partition has no record left to read
     * @param now        the archiver's clock: arrival time
     * @return {@code W}, or empty when some partition's watermark is unknown (or there are no partitions)
     */
    Optional<Instant> current(Collection<TopicPartition> partitions, Predicate<TopicPartition> caughtUp, Instant now) {
        Instant min = null;
        for (TopicPartition tp : partitions) {
            Instant archived = maxEventTime.get(tp);
            Instant w;
            if (caughtUp.test(tp)) {
                w = archived != null && archived.isAfter(now) ? archived : now;
            } else if (archived != null) {
                w = archived;
            } else {
                return Optional.empty();
            }
            if (min == null || w.isBefore(min)) {
                min = w;
            }
        }
        return Optional.ofNullable(min);
    }
}
