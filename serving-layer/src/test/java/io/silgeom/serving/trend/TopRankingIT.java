package io.silgeom.serving.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.testing.SpeedViewSeeds;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.signal.KeywordSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart's first {@code limit} keywords, read with only as many baselines as can still reach them, are exactly
 * the first {@code limit} of the whole ranking: same keywords, order, counts, expected counts and scores, against a
 * real redis-server holding 3,000 keywords with a long tail, ties at the top, voices, seasonal baselines, and baseline
 * hours that only the tail, or only a keyword without enough voices, or nothing at all appears in.
 */
class TopRankingIT {
    private static final Instant NOW = Instant.parse("2024-05-02T12:30:00Z");
    private static final Instant CUTOFF = Instant.parse("2024-05-02T00:00:00Z");
    private static final String GEN = "g1";
    private static final int KEYWORDS = 3_000;

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final MergedView view = new MergedView(REDIS.client(), Duration.ofDays(8), Duration.ofHours(6), clock);

    @BeforeEach
    void seed() {
        Random random = new Random(42);
        REDIS.client().set(RedisKeys.SPEED_CURRENT, GEN);
        REDIS.client().set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(
                new BatchCutoff("v1", CUTOFF, CUTOFF.plusSeconds(600), Map.of("silgeom.articles:0", 10L))));
        Map<String, String> window = new HashMap<>();
        Map<String, String> voices = new HashMap<>();
        for (int k = 0; k < KEYWORDS; k++) {
            // 300 keywords tie at the top count; then a long tail down to the minimum count of 3.
            int count = k < 300 ? 40 : k == 2_501 ? 3 : 3 + 2_000 / (k + 1) + random.nextInt(3);
            window.put(kw(k), Integer.toString(count));
            voices.put(kw(k), k % 7 == 0 ? "1" : "3");
        }
        SpeedViewSeeds.minute(REDIS.client(), GEN, "202405021210", Slice.leaf("en", "social"), window);
        REDIS.client().hset(RedisKeys.speedVoicesHour(GEN, "2024050212"), voices);
        // Baseline hours 11:00 - i hours, i = 1..24: batch view before the cutoff, speed view after it.
        Instant baselineEnd = Instant.parse("2024-05-02T11:00:00Z");
        for (int i = 1; i <= 24; i++) {
            Instant hour = baselineEnd.minus(Duration.ofHours(i));
            Map<String, String> counts = new HashMap<>();
            if (i == 5) {
                counts.put(kw(2_501), "2");               // only the tail: settled by looking it up
            } else if (i == 6) {
                counts.put(kw(2_807), "2");               // only a keyword with one voice: stays inactive
            } else if (i < 8 || i > 10) {                 // 8..10: nothing at all (an outage)
                for (int k = 0; k < KEYWORDS; k++) {
                    // Every tenth of the tied keywords has no history: exact ties at the top, broken by keyword.
                    boolean noHistory = (k < 300 && k % 10 == 0) || k == 2_501 || k == 2_807;
                    if (!noHistory && random.nextInt(10) < 3) {
                        counts.put(kw(k), Integer.toString(1 + random.nextInt(30)));
                    }
                }
            }
            String hourId = TimeBuckets.hourId(hour);
            if (hour.isBefore(CUTOFF)) {
                REDIS.client().sadd(RedisKeys.batchHours("v1"), hourId);
                if (!counts.isEmpty()) {
                    REDIS.client().hset(RedisKeys.batchHour("v1", hourId, Slice.TOTAL), counts);
                }
            } else if (!counts.isEmpty()) {
                SpeedViewSeeds.hour(REDIS.client(), GEN, hourId, Slice.leaf("en", "social"), counts);
            }
        }
        // Seasonal baselines for a few of the tied and of the tail keywords.
        for (int hod : new int[] {11, 12}) {
            REDIS.client().hset(RedisKeys.batchBaseline("v1", hod, Slice.TOTAL),
                    Map.of(kw(3), "30.0", kw(150), "2.5", kw(400), "0.0", kw(2_000), "1.0"));
        }
    }

    @Test
    void theTopOfTheChartIsTheSameWithOrWithoutReadingEveryBaseline() {
        TrendScorer scorer = new TrendScorer(view, 24, 3, clock, new ChartRules(Set.of(kw(1))::contains, 2),
                new KeywordSignals(REDIS.client()));
        TrendWindow window = TrendWindow.parse("1h");

        TrendResult whole = scorer.score(window, Slice.TOTAL);

        assertThat(whole.ranked()).as("blocked and one-voice keywords left out")
                .hasSize(KEYWORDS - 1 - (KEYWORDS + 6) / 7);
        assertThat(whole.ranked()).extracting(ScoredKeyword::keyword).as("ties at the top broken by keyword")
                .startsWith(kw(10), kw(20), kw(30), kw(40), kw(50), kw(60), kw(80));
        for (int limit : new int[] {1, 20, 100, 1_000}) {
            TrendResult top = scorer.score(window, Slice.TOTAL, limit);
            assertThat(top.ranked()).as("limit %d", limit).isEqualTo(whole.ranked().subList(0, limit));
            assertThat(top.degraded()).isEqualTo(whole.degraded());
            assertThat(top.reason()).isEqualTo(whole.reason());
        }
    }

    @Test
    void theRecentAverageCountsTheHoursOnlyTheTailAppearsIn() {
        TrendScorer scorer = new TrendScorer(view, 24, 3, clock, new ChartRules(k -> false, 2),
                new KeywordSignals(REDIS.client()));
        ScoredKeyword tail = scorer.score(TrendWindow.parse("1h"), Slice.TOTAL).ranked().stream()
                .filter(k -> k.keyword().equals(kw(2_501))).findFirst().orElseThrow();

        // 24 hours less the 3 empty ones and the one with a single one-voice keyword: B = 20.
        assertThat(tail.expected()).isCloseTo(2 / 20.0, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static String kw(int k) {
        return String.format("kw%04d", k);
    }
}
