package io.silgeom.standalone.cli;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.ingest.collect.CollectorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * A collector's health in a Redis hash (e.g. {@code sg:status:collect:rss}: feed name → JSON health), where operators
 * and {@code silgeom status} can read it. Redis is optional for a collector: when it does not answer at start, the
 * collector runs without a status and says so once.
 */
final class CollectRedisStatus implements CollectorStatus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CollectRedisStatus.class);

    private final RedisClient redis;
    private final String key;

    private CollectRedisStatus(RedisClient redis, String key) {
        this.redis = redis;
        this.key = key;
    }

    /** The status in {@code key}, or one that reports nowhere when Redis does not answer (logged at WARN). */
    static CollectorStatus openOrNone(CoreConfig core, String key) {
        try {
            return new CollectRedisStatus(RedisConnection.open(core), key);
        } catch (IllegalStateException e) {
            LOG.warn("collect: no health status in Redis ({}); collecting without it", e.getMessage());
            return CollectorStatus.NONE;
        }
    }

    @Override
    public void put(String input, String healthJson) {
        redis.hset(key, input, healthJson);
    }

    @Override
    public void close() {
        redis.close();
    }

    static void closeIfOpen(CollectorStatus status) {
        if (status instanceof CollectRedisStatus redisStatus) {
            redisStatus.close();
        }
    }
}
