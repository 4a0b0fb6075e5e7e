package io.silgeom.core.testing;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.UnifiedJedis;

/**
 * Reads the speed view's counts of any slice in tests, as a reader must: the speed view stores leaf slices only
 * ({@link Slice}), so a roll-up is the sum of the leaves it covers among those listed in
 * {@link RedisKeys#speedSlices}. Counts come back as strings, as {@code HGETALL} gives them, so a test can compare
 * them with what a single hash would hold.
 */
public final class SpeedViewSums {
    private SpeedViewSums() {
    }

    /** The leaves generation {@code generation} has written, sorted by name. */
    public static List<Slice> leaves(UnifiedJedis redis, String generation) {
        return Slice.parseLeaves(redis.smembers(RedisKeys.speedSlices(generation)));
    }

    /** Keyword counts of {@code slice} in the hour {@code hourId}: the sum of its leaves' hour buckets. */
    public static Map<String, String> hour(UnifiedJedis redis, String generation, String hourId, Slice slice) {
        List<String> keys = new ArrayList<>();
        slice.coveredLeaves(leaves(redis, generation)).forEach(l -> keys.add(RedisKeys.speedHour(generation, hourId, l)));
        return sum(redis, keys);
    }

    /** Keyword counts of {@code slice} in the minute {@code minuteId}: the sum of its leaves' minute buckets. */
    public static Map<String, String> minute(UnifiedJedis redis, String generation, String minuteId, Slice slice) {
        List<String> keys = new ArrayList<>();
        slice.coveredLeaves(leaves(redis, generation)).forEach(l -> keys.add(RedisKeys.speedMinute(generation, minuteId, l)));
        return sum(redis, keys);
    }

    /** Documents of {@code slice} counted in the hour {@code hourId}: the sum of its leaves' fields of the docs hash. */
    public static long docs(UnifiedJedis redis, String generation, String hourId, Slice slice) {
        long sum = 0;
        for (Map.Entry<String, String> e : redis.hgetAll(RedisKeys.speedDocsHour(generation, hourId)).entrySet()) {
            if (slice.covers(Slice.parse(e.getKey()))) {
                sum += Long.parseLong(e.getValue());
            }
        }
        return sum;
    }

    private static Map<String, String> sum(UnifiedJedis redis, List<String> keys) {
        Map<String, Long> sums = new TreeMap<>();
        for (String key : keys) {
            redis.hgetAll(key).forEach((field, n) -> sums.merge(field, Long.parseLong(n), Long::sum));
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((field, n) -> out.put(field, Long.toString(n)));
        return out;
    }
}
