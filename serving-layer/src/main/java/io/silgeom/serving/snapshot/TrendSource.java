package io.silgeom.serving.snapshot;

import io.silgeom.core.redis.Slice;
import io.silgeom.serving.trend.TrendResult;
import io.silgeom.serving.trend.TrendWindow;

/**
 * Computes a ranked chart; {@link io.silgeom.serving.trend.TrendScorer#score} in production, a fixed table in tests.
 * Throws {@link io.silgeom.serving.merge.RedisUnavailableException} when the views cannot be read at all.
 */
@FunctionalInterface
public interface TrendSource {
    TrendResult compute(TrendWindow window, Slice slice);
}
