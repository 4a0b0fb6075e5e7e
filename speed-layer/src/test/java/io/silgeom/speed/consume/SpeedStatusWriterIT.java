package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.speed.apply.ApplyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status hash that {@code /api/v1/status} reads, written by two speed processes of one consumer group (two
 * writers on one real redis-server): counters add up, each partition's lag is its owner's, the applied rate is the
 * sum of the live processes' rates over the last interval.
 */
class SpeedStatusWriterIT {
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final TopicPartition P0 = new TopicPartition("silgeom.articles", 0);
    private static final TopicPartition P1 = new TopicPartition("silgeom.articles", 1);

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void twoProcessesAddTheirCountersAndRatesAndEachReportsTheLagOfItsOwnPartitions() {
        SpeedMetrics a = new SpeedMetrics(new SimpleMeterRegistry());
        SpeedMetrics b = new SpeedMetrics(new SimpleMeterRegistry());
        SpeedStatusWriter writerA = new SpeedStatusWriter(REDIS.client(), INTERVAL, clock, "a");
        SpeedStatusWriter writerB = new SpeedStatusWriter(REDIS.client(), INTERVAL, clock, "b");
        a.lag(P0, 7);
        b.lag(P1, 3);
        writerA.writeIfDue(a);
        writerB.writeIfDue(b);

        // Five seconds later: a counted 100 articles, b 50, plus a late one, a dead letter and a filtered one.
        clock.advance(INTERVAL);
        a.recordApply(new ApplyResult(false, 100, 2, 0), Duration.ofMillis(1));
        a.late();
        b.recordApply(new ApplyResult(false, 50, 0, 1), Duration.ofMillis(1));
        b.deadLetter();
        b.filtered();
        a.lag(P0, 0);
        writerA.writeIfDue(a);
        writerB.writeIfDue(b);

        Map<String, String> status = REDIS.client().hgetAll(RedisKeys.SPEED_STATUS);
        assertThat(status).containsEntry("applied", "150").containsEntry("duplicates", "2").containsEntry("late", "1")
                .containsEntry("dlq", "1").containsEntry("filtered", "1").containsEntry("alreadyApplied", "1")
                .containsEntry("lag:silgeom.articles:0", "0").containsEntry("lag:silgeom.articles:1", "3")
                .containsEntry("appliedPerSecond", "30.0")   // 100/5 s + 50/5 s
                .containsEntry("updatedAt", clock.instant().toString());
        assertThat(a.sampleAppliedRate(clock.instant())).as("the meter shows the same rate").isEqualTo(20.0);

        // Not due yet: nothing is added twice.
        writerA.writeIfDue(a);
        assertThat(REDIS.client().hget(RedisKeys.SPEED_STATUS, "applied")).isEqualTo("150");

        // a gives P0 up (rebalance) and stops; b takes P0 over. b is killed later: its rate ages out.
        a.forget(P0);
        writerA.forget(P0);
        writerA.writeFinal(a);
        assertThat(REDIS.client().hgetAll(RedisKeys.SPEED_STATUS)).doesNotContainKey("lag:silgeom.articles:0")
                .doesNotContainKey("rate:a").containsEntry("appliedPerSecond", "10.0");
        b.lag(P0, 4);
        clock.advance(INTERVAL);
        b.recordApply(new ApplyResult(false, 25, 0, 0), Duration.ofMillis(1));
        writerB.writeIfDue(b);
        assertThat(REDIS.client().hgetAll(RedisKeys.SPEED_STATUS)).containsEntry("lag:silgeom.articles:0", "4")
                .containsEntry("applied", "175").containsEntry("appliedPerSecond", "5.0");

        clock.advance(INTERVAL.multipliedBy(SpeedStatusWriter.RATE_STALE_INTERVALS + 1));
        SpeedMetrics c = new SpeedMetrics(new SimpleMeterRegistry());
        new SpeedStatusWriter(REDIS.client(), INTERVAL, clock, "c").writeIfDue(c);
        assertThat(REDIS.client().hgetAll(RedisKeys.SPEED_STATUS)).doesNotContainKey("rate:b")
                .containsEntry("appliedPerSecond", "0.0").containsEntry("applied", "175");
    }

    @Test
    void theRateIsOverTheLastIntervalNotSinceTheStart() {
        AppliedRate rate = new AppliedRate();
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        assertThat(rate.sample(0, t0)).isZero();
        assertThat(rate.sample(1000, t0.plusSeconds(10))).isEqualTo(100.0);
        assertThat(rate.sample(1000, t0.plusSeconds(10))).as("no time passed: the last rate stays").isEqualTo(100.0);
        assertThat(rate.sample(1050, t0.plusSeconds(15))).isEqualTo(10.0);
        assertThat(rate.perSecond()).isEqualTo(10.0);
    }
}
