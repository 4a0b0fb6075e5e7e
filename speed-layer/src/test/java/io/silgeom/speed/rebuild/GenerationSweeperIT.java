package io.silgeom.speed.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

class GenerationSweeperIT {
    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    @Test
    void deletesEveryKeyOfTheOldGenerationAndNothingElse() {
        RedisClient redis = REDIS.client();
        for (String gen : new String[] {"5", "6"}) {
            for (int i = 0; i < 2500; i++) {   // more than one SCAN page
                redis.set(RedisKeys.speedSeen(gen, "a" + i), "1");
            }
            redis.hset(RedisKeys.speedHour(gen, "2026112510", Slice.TOTAL), "storm", "3");
            redis.hset(RedisKeys.speedOffsets(gen), "t:0", "9");
        }
        redis.set(RedisKeys.SPEED_CURRENT, "6");
        redis.hset(RedisKeys.DISPLAY, "storm", "Storm");

        assertThat(new GenerationSweeper(redis).sweep("5")).isEqualTo(2502);

        assertThat(redis.keys(GenerationSweeper.pattern("5"))).isEmpty();
        assertThat(redis.keys(GenerationSweeper.pattern("6"))).hasSize(2502);
        assertThat(redis.hget(RedisKeys.DISPLAY, "storm")).isEqualTo("Storm");
    }

    @Test
    void refusesToDeleteTheCurrentGeneration() {
        RedisClient redis = REDIS.client();
        redis.set(RedisKeys.SPEED_CURRENT, "7");
        redis.hset(RedisKeys.speedOffsets("7"), "t:0", "1");
        assertThatThrownBy(() -> new GenerationSweeper(redis).sweep("7")).isInstanceOf(IllegalStateException.class);
        assertThat(redis.exists(RedisKeys.speedOffsets("7"))).isTrue();
    }
}
