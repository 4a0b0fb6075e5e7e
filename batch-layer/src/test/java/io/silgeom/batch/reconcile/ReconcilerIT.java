package io.silgeom.batch.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.testing.SpeedViewSeeds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The speed view against a batch view in a real redis-server, hour by hour. */
class ReconcilerIT {
    private static final Instant CUTOFF = Instant.parse("2024-05-01T12:00:00Z");

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private static final Slice KO_NEWS = Slice.leaf("ko", "news");
    private static final Slice EN_SOCIAL = Slice.leaf("en", "social");

    @Test
    void comparesOnlyTheHoursBothViewsHoldAndJudgesTheRelativeDrift() {
        var r = REDIS.client();
        r.set(RedisKeys.SPEED_CURRENT, "g7");
        r.sadd(RedisKeys.batchHours("v1"), "2024050108", "2024050109", "2024050110", "2024050111");
        // 08: equal. 09: speed misses 2 of 40 flood mentions and has 1 extra "rain" (abs 3, rel 3/50). 10: batch only.
        // 11: tiny hour, speed 1 vs batch 3: relative drift 2/3 but below the judging minimum.
        hash(RedisKeys.batchHour("v1", "2024050108", Slice.TOTAL), Map.of("flood", "30"));
        SpeedViewSeeds.hour(r, "g7", "2024050108", KO_NEWS, Map.of("flood", "30"));
        hash(RedisKeys.batchHour("v1", "2024050109", Slice.TOTAL), Map.of("flood", "40", "seoul", "10"));
        // The speed view holds leaves: its all:all is their sum (flood 20 + 18).
        SpeedViewSeeds.hour(r, "g7", "2024050109", KO_NEWS, Map.of("flood", "20", "seoul", "10"));
        SpeedViewSeeds.hour(r, "g7", "2024050109", EN_SOCIAL, Map.of("flood", "18", "rain", "1"));
        hash(RedisKeys.batchHour("v1", "2024050110", Slice.TOTAL), Map.of("flood", "12"));
        hash(RedisKeys.batchHour("v1", "2024050111", Slice.TOTAL), Map.of("flood", "3"));
        SpeedViewSeeds.hour(r, "g7", "2024050111", EN_SOCIAL, Map.of("flood", "1"));
        // An older generation of the speed view is not looked at.
        SpeedViewSeeds.hour(r, "g6", "2024050110", KO_NEWS, Map.of("flood", "99"));

        Reconciliation ok = new Reconciler(r, 6, 20, 0.07).reconcile("v1", CUTOFF);

        assertThat(ok.speedGeneration()).isEqualTo("g7");
        assertThat(ok.slice()).isEqualTo("all:all");
        assertThat(ok.from()).isEqualTo(Instant.parse("2024-05-01T06:00:00Z"));
        assertThat(ok.hours()).containsExactly(
                new HourDrift("2024050108", 30, 30, 0, 0.0, 0),
                new HourDrift("2024050109", 50, 49, 3, 0.06, 2),
                new HourDrift("2024050111", 3, 1, 2, 2.0 / 3, 1));
        assertThat(ok.hoursJudged()).isEqualTo(2);
        assertThat(ok.maxRelDrift()).isEqualTo(0.06);
        assertThat(ok.ok()).isTrue();

        Reconciliation strict = new Reconciler(r, 6, 20, 0.05).reconcile("v1", CUTOFF);

        assertThat(strict.ok()).isFalse();
        assertThat(strict.hoursOverMax()).isEqualTo(List.of("2024050109"));
    }

    @Test
    void hoursBeforeThePreviousCutoffAreNotJudgedTheSpeedViewDroppedTheirLateArticlesByDesign() {
        var r = REDIS.client();
        r.set(RedisKeys.SPEED_CURRENT, "g7");
        // The previous view v0 had its cutoff at 09:00. Late articles of 08:00 arrived after that: the speed layer
        // dropped them, v1 counts them (a large drift in 08), while 09:00 and later were the speed view's to count.
        // (v0's hours set is deliberately not in Redis: v0 may have held no article of its last hours.)
        r.sadd(RedisKeys.batchHours("v1"), "2024050107", "2024050108", "2024050109", "2024050110");
        hash(RedisKeys.batchHour("v1", "2024050108", Slice.TOTAL), Map.of("flood", "90"));
        SpeedViewSeeds.hour(r, "g7", "2024050108", KO_NEWS, Map.of("flood", "30"));
        hash(RedisKeys.batchHour("v1", "2024050109", Slice.TOTAL), Map.of("flood", "40"));
        SpeedViewSeeds.hour(r, "g7", "2024050109", KO_NEWS, Map.of("flood", "40"));

        Reconciliation afterV0 = new Reconciler(r, 6, 20, 0.05).reconcile("v1", CUTOFF,
                Optional.of(Instant.parse("2024-05-01T09:00:00Z")));

        assertThat(afterV0.from()).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
        assertThat(afterV0.hours()).extracting(HourDrift::hour).containsExactly("2024050109");
        assertThat(afterV0.ok()).isTrue();
        // Without knowing the previous view, 08:00 is judged, and fails.
        assertThat(new Reconciler(r, 6, 20, 0.05).reconcile("v1", CUTOFF).hoursOverMax()).containsExactly("2024050108");
        // A previous cutoff at or after this one (a re-publish of the same hours): nothing is judged.
        assertThat(new Reconciler(r, 6, 20, 0.05).reconcile("v1", CUTOFF, Optional.of(CUTOFF)).hours()).isEmpty();
    }

    @Test
    void withoutASpeedViewNothingIsComparedAndThatIsOk() {
        REDIS.client().sadd(RedisKeys.batchHours("v1"), "2024050111");
        hash(RedisKeys.batchHour("v1", "2024050111", Slice.TOTAL), Map.of("flood", "30"));

        Reconciliation r = new Reconciler(REDIS.client(), 24, 20, 0.05).reconcile("v1", CUTOFF);

        assertThat(r.speedGeneration()).isEqualTo(RedisKeys.INITIAL_SPEED_GENERATION);
        assertThat(r.hours()).isEmpty();
        assertThat(r.ok()).isTrue();
    }

    private static void hash(String key, Map<String, String> fields) {
        REDIS.client().hset(key, fields);
    }
}
