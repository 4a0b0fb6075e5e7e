package io.silgeom.serving.merge;

import io.silgeom.core.redis.Slice;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Merged counts of one keyword per step over {@code [from, to)}.
 *
 * @param views    the views the query read; null only when Redis did not answer at all
 * @param degraded true when a needed bucket may be missing or Redis failed: then {@code reason} says which
 */
public record KeywordSeries(String keyword, Slice slice, SeriesStep step, Instant from, Instant to,
                            PublishedViews views, List<CountPoint> points, boolean degraded, String reason) {
    public KeywordSeries {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        points = List.copyOf(points);
        if (degraded != (reason != null)) {
            throw new IllegalArgumentException("a degraded series needs a reason and only then: " + reason);
        }
    }
}
