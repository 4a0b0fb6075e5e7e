package io.silgeom.speed.apply;

import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether Redis may evict the speed view's keys. Every key the speed layer writes has a TTL, so under any eviction
 * policy but {@code noeviction} Redis drops them when {@code maxmemory} is reached: an evicted seen marker lets a copy
 * of an article count twice, an evicted bucket loses counts (the serving layer then answers degraded). With
 * {@code noeviction} a full Redis refuses an apply at its first write, before anything is written, and the layer reads
 * the batch again after its back-off until memory is freed: slower, never wrong.
 */
public final class RedisEviction {
    private RedisEviction() {
    }

    /**
     * The warning to log, or empty when Redis has no memory limit, keeps every key at it ({@code noeviction}), or does
     * not let its configuration be read (managed services rename {@code CONFIG}): then nothing can be said.
     */
    public static Optional<String> warning(UnifiedJedis redis) {
        Map<String, String> limit;
        Map<String, String> policy;
        try {
            limit = redis.configGet("maxmemory");
            policy = redis.configGet("maxmemory-policy");
        } catch (JedisException e) {
            return Optional.empty();
        }
        long maxmemory;
        try {
            maxmemory = Long.parseLong(limit.getOrDefault("maxmemory", "0"));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String evicts = policy.getOrDefault("maxmemory-policy", "noeviction");
        if (maxmemory == 0 || evicts.equals("noeviction")) {
            return Optional.empty();
        }
        return Optional.of("Redis evicts keys when it reaches maxmemory (" + maxmemory + " bytes, maxmemory-policy "
                + evicts + "): the speed view's seen markers and buckets may be evicted, so copies of articles count "
                + "twice and counts go missing. Set maxmemory-policy noeviction (or no maxmemory) for exact counts");
    }
}
