package io.silgeom.speed.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.testing.RealRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisEvictionIT {
    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    @AfterEach
    void noLimit() {
        REDIS.client().configSet("maxmemory", "0");
        REDIS.client().configSet("maxmemory-policy", "noeviction");
    }

    @Test
    void aRedisWithoutAMemoryLimitNeverEvicts() {
        REDIS.client().configSet("maxmemory-policy", "allkeys-lru");

        assertThat(RedisEviction.warning(REDIS.client())).isEmpty();
    }

    @Test
    void aLimitWithNoEvictionRefusesWritesInsteadOfDroppingKeys() {
        REDIS.client().configSet("maxmemory", "1gb");

        assertThat(RedisEviction.warning(REDIS.client())).isEmpty();
    }

    @Test
    void anEvictionPolicyAtALimitIsWarnedAbout() {
        REDIS.client().configSet("maxmemory", "1gb");
        REDIS.client().configSet("maxmemory-policy", "volatile-ttl");

        assertThat(RedisEviction.warning(REDIS.client())).get().asString()
                .contains("maxmemory-policy volatile-ttl").contains("noeviction");
    }
}
