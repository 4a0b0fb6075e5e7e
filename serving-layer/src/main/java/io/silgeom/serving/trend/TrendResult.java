package io.silgeom.serving.trend;

import io.silgeom.core.redis.Slice;
import io.silgeom.serving.merge.PublishedViews;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A scored, ranked trend chart before it becomes a snapshot.
 *
 * @param asOf        when it was computed
 * @param windowStart first instant counted in the window (inclusive)
 * @param windowEnd   end of the window (exclusive; the current, still filling minute or hour is included)
 * @param views       the batch and speed views read, once, for both the window and the baseline
 * @param ranked      best first: score desc, then count desc, then keyword asc
 */
public record TrendResult(Instant asOf, TrendWindow window, Slice slice, Instant windowStart, Instant windowEnd,
                          PublishedViews views, List<ScoredKeyword> ranked, boolean degraded, String reason) {
    public TrendResult {
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(views, "views");
        ranked = List.copyOf(ranked);
        if (degraded != (reason != null)) {
            throw new IllegalArgumentException("a degraded result needs a reason and only then: " + reason);
        }
    }
}
