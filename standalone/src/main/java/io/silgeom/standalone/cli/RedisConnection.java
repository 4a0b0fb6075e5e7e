package io.silgeom.standalone.cli;

import io.silgeom.core.config.CoreConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Opens a Redis client and checks that Redis answers, so a wrong address fails at once with the address in the
 * message, instead of a batch run counting for minutes and then failing to publish, or a status full of holes.
 */
final class RedisConnection {
    private RedisConnection() {
    }

    /** @throws IllegalStateException naming the address and where it came from */
    static RedisClient open(CoreConfig core) {
        RedisClient redis = RedisClient.create(core.redisHost(), core.redisPort());
        try {
            redis.ping();
            return redis;
        } catch (JedisException e) {
            redis.close();
            throw new IllegalStateException("cannot reach Redis at " + core.redisHost() + ":" + core.redisPort()
                    + " (redis.host, redis.port; SILGEOM_REDIS_PORT): " + OneLineFailureHandler.describe(e), e);
        }
    }
}
