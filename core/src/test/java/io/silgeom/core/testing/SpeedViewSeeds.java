package io.silgeom.core.testing;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes speed-view counts in tests the way the speed layer lays them out: under a leaf slice only, with the leaf
 * listed in {@link RedisKeys#speedSlices} so that readers find it. A test that wants an {@code all:all} count seeds
 * one or more leaves and lets the reader sum them.
 */
public final class SpeedViewSeeds {
    private SpeedViewSeeds() {
    }

    /** {@code HSET} of {@code counts} into the hour bucket of {@code leaf}, and the leaf listed. */
    public static void hour(UnifiedJedis redis, String generation, String hourId, Slice leaf, Map<String, String> counts) {
        list(redis, generation, leaf);
        redis.hset(RedisKeys.speedHour(generation, hourId, leaf), counts);
    }

    /** {@code HSET} of {@code counts} into the minute bucket of {@code leaf}, and the leaf listed. */
    public static void minute(UnifiedJedis redis, String generation, String minuteId, Slice leaf,
                              Map<String, String> counts) {
        list(redis, generation, leaf);
        redis.hset(RedisKeys.speedMinute(generation, minuteId, leaf), counts);
    }

    private static void list(UnifiedJedis redis, String generation, Slice leaf) {
        if (!leaf.isLeaf()) {
            throw new IllegalArgumentException("the speed view stores leaf slices only, got: " + leaf);
        }
        redis.sadd(RedisKeys.speedSlices(generation), leaf.toString());
    }
}
