package io.silgeom.serving.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.testing.SpeedViewSeeds;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.signal.EvidenceReader;
import io.silgeom.serving.signal.Headline;
import io.silgeom.serving.signal.KeywordSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The trend chart's rules against a real redis-server, with counts, voices, baselines and evidence written under
 * their {@link RedisKeys} names: who may chart (minimum voices, blocklist), what a keyword is expected to do
 * (seasonal baseline over the recent average), and the headlines that explain it.
 */
class ChartRulesIT {
    private static final Instant NOW = Instant.parse("2024-05-02T12:30:00Z");
    private static final Instant CUTOFF = Instant.parse("2024-05-02T10:00:00Z");
    private static final String GEN = "g1";

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private final MergedView view = new MergedView(REDIS.client(), Duration.ofDays(8), Duration.ofHours(6),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void seed() {
        REDIS.client().set(RedisKeys.SPEED_CURRENT, GEN);
        REDIS.client().sadd(RedisKeys.batchHours("v1"), "2024050209");
        REDIS.client().set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(
                new BatchCutoff("v1", CUTOFF, CUTOFF.plusSeconds(600), Map.of("silgeom.articles:0", 10L))));
        // The 12:00 hour: "storm" from many sites, "promo" 9 times from one site, "fuck" from many.
        SpeedViewSeeds.hour(REDIS.client(), GEN, "2024050212", Slice.leaf("en", "news"),
                Map.of("storm", "9", "promo", "9", "fuck", "9", "flood", "9"));
        REDIS.client().hset(RedisKeys.speedVoicesHour(GEN, "2024050212"),
                Map.of("storm", "6", "promo", "1", "fuck", "5", "flood", "4"));
        // Every day at 12:00, "flood" is expected 8 times: a seasonal regular, not a riser.
        REDIS.client().hset(RedisKeys.batchBaseline("v1", 12, Slice.TOTAL), Map.of("flood", "8.0"));
    }

    @Test
    void aKeywordFromOneSiteDoesNotChartNorDoesABlockedOneAndABaselineTempersARegular() {
        TrendScorer scorer = new TrendScorer(view, 24, 3, Clock.fixed(NOW, ZoneOffset.UTC),
                new ChartRules(Set.of("fuck")::contains, 2), new KeywordSignals(REDIS.client()));

        TrendResult result = scorer.score(TrendWindow.parse("24h"), Slice.TOTAL);

        assertThat(result.ranked()).extracting(ScoredKeyword::keyword).containsExactly("storm", "flood");
        ScoredKeyword flood = result.ranked().get(1);
        assertThat(flood.expected()).isEqualTo(8.0);
        assertThat(flood.score()).isEqualTo((9 - 8.0) / Math.sqrt(9.0));
        assertThat(result.ranked().get(0).expected()).as("no baseline row: the recent average, here none").isZero();
    }

    @Test
    void withoutRulesEveryKeywordOverTheMinimumCharts() {
        TrendScorer scorer = new TrendScorer(view, 24, 3, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(scorer.score(TrendWindow.parse("24h"), Slice.TOTAL).ranked()).extracting(ScoredKeyword::keyword)
                .containsExactlyInAnyOrder("storm", "promo", "fuck", "flood");
    }

    @Test
    void evidenceIsTheNewestHeadlinesOfTheWindowEachArticleOnce() {
        REDIS.client().hset(RedisKeys.speedEvidenceHour(GEN, "2024050212"), "storm",
                "[{\"id\":\"a3\",\"title\":\"Storm hits <b>coast</b>\",\"url\":\"https:\\/\\/x.example\\/3\",\"site\":\"x\","
                        + "\"publishedAt\":\"2024-05-02T12:20:00Z\",\"ts\":1714652400000},"
                        + "{\"id\":\"a1\",\"title\":\"Storm warning\",\"url\":null,\"site\":\"y\","
                        + "\"publishedAt\":\"2024-05-02T12:05:00Z\",\"ts\":1714651500000}]");
        REDIS.client().hset(RedisKeys.speedEvidenceHour(GEN, "2024050211"), "storm",
                "[{\"id\":\"a0\",\"title\":\"Storm forms\",\"url\":null,\"site\":\"z\","
                        + "\"publishedAt\":\"2024-05-02T11:50:00Z\",\"ts\":1714650600000},"
                        + "{\"id\":\"a1\",\"title\":\"Storm warning\",\"url\":null,\"site\":\"y\","
                        + "\"publishedAt\":\"2024-05-02T12:05:00Z\",\"ts\":1714651500000}]");

        Map<String, List<Headline>> evidence = new EvidenceReader(REDIS.client()).headlines(GEN,
                Instant.parse("2024-05-02T11:30:00Z"), Instant.parse("2024-05-02T12:31:00Z"), List.of("storm", "promo"));

        assertThat(evidence).containsOnlyKeys("storm");
        assertThat(evidence.get("storm")).extracting(Headline::id).containsExactly("a3", "a1", "a0");
        assertThat(evidence.get("storm").get(0).title()).isEqualTo("Storm hits <b>coast</b>");
        assertThat(evidence.get("storm").get(0).url()).isEqualTo("https://x.example/3");
    }
}
