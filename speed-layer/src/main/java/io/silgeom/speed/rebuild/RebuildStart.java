package io.silgeom.speed.rebuild;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.view.BatchCutoff;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Where a speed-view rebuild starts reading each partition.
 *
 * <p>The published batch view covers every archived record below its snapshot offsets, but only the articles
 * with event time {@code < T}: a record below the offsets whose event time is {@code >= T} (an article of the
 * current hour, archived before the run) is in neither the batch view nor anything after the offsets. Starting at
 * the batch offsets would lose it. So the start is the smaller of:
 * <ul>
 *   <li>the batch offset of the partition (everything from there on is new to the batch view), and
 *   <li>the first offset whose Kafka timestamp is {@code >= T - }{@link ArticleValidator#MAX_FUTURE}. Every record
 *       before it has a timestamp below that instant, and a valid article may be at most {@code MAX_FUTURE} ahead
 *       of its record's timestamp (the validator's future rule, judged on the same timestamp), so every valid
 *       article before it has event time {@code < T}: late, not counted by the speed view anyway.
 * </ul>
 * With no published batch view, or a partition the batch view does not name, the start is the earliest offset.
 * Never before the earliest offset Kafka still holds.
 */
public final class RebuildStart {
    private RebuildStart() {
    }

    /** The instant whose first offset bounds the start: {@code T - MAX_FUTURE}. */
    public static Instant timestampBound(BatchCutoff cutoff) {
        return cutoff.cutoff().minus(ArticleValidator.MAX_FUTURE);
    }

    /**
     * @param topic            the articles topic
     * @param cutoff           the published batch view, if any
     * @param beginning        partition → earliest offset Kafka holds
     * @param firstAtTimestamp partition → first offset with timestamp {@code >=} {@link #timestampBound}; a
     *                         partition without such a record is absent
     * @return partition → offset to start reading at, for every partition of {@code beginning}
     */
    public static Map<Integer, Long> offsets(String topic, Optional<BatchCutoff> cutoff, Map<Integer, Long> beginning,
                                             Map<Integer, Long> firstAtTimestamp) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(firstAtTimestamp, "firstAtTimestamp");
        Map<Integer, Long> start = new TreeMap<>();
        beginning.forEach((partition, earliest) -> {
            Long batchOffset = cutoff.map(c -> c.offsets().get(RedisKeys.offsetField(topic, partition))).orElse(null);
            long from;
            if (batchOffset == null) {
                from = earliest;
            } else {
                Long byTime = firstAtTimestamp.get(partition);
                from = byTime == null ? batchOffset : Math.min(batchOffset, byTime);
            }
            start.put(partition, Math.max(earliest, from));
        });
        return start;
    }
}
