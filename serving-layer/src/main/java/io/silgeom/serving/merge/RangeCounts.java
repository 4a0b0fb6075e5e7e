package io.silgeom.serving.merge;

import io.silgeom.core.redis.Slice;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Merged counts per keyword, summed over {@code [from, to)}.
 *
 * @param counts     canonical keyword to distinct-article count (keywords with no count are absent)
 * @param provenance which view(s) answered: {@link Provenance#MIXED} when the range spans the cutoff
 * @param views      the views the query read; null only when Redis did not answer at all
 * @param degraded   true when a needed bucket may be missing or Redis failed: then {@code reason} says which
 */
public record RangeCounts(Slice slice, Instant from, Instant to, Map<String, Long> counts, Provenance provenance,
                          PublishedViews views, boolean degraded, String reason) {
    public RangeCounts {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        counts = Map.copyOf(counts);
        if (degraded != (reason != null)) {
            throw new IllegalArgumentException("degraded counts need a reason and only then: " + reason);
        }
    }

    public long count(String keyword) {
        return counts.getOrDefault(keyword, 0L);
    }
}
