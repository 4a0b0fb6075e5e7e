package io.silgeom.serving.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.testing.SpeedViewSeeds;
import io.silgeom.core.view.BatchCutoff;
import java.io.IOException;

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

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The merge rule against a real redis-server: every count is written straight under the {@link RedisKeys} names, and
 * the wrong view always holds a different number, so reading from it would show.
 */
class MergedViewIT {
    private static final Slice ALL = Slice.TOTAL;
    private static final Slice KO_NEWS = new Slice("ko", "news");
    private static final Slice EN_NEWS = new Slice("en", "news");
    private static final Slice EN_SOCIAL = new Slice("en", "social");
    private static final Instant NOW = Instant.parse("2024-05-02T12:30:00Z");
    private static final Instant T7 = Instant.parse("2024-05-02T10:00:00Z");
    private static final Instant T8 = Instant.parse("2024-05-02T11:00:00Z");

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private final MergedView view = new MergedView(REDIS.client(), Duration.ofDays(8), Duration.ofHours(6),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void seed() {
        // Batch view v7, cutoff 10:00, holds every hour of May 1st and 2nd before the cutoff.
        for (Instant h = Instant.parse("2024-05-01T00:00:00Z"); h.isBefore(T7); h = h.plusSeconds(3600)) {
            REDIS.client().sadd(RedisKeys.batchHours("v7"), hourId(h));
        }
        hset(RedisKeys.batchHour("v7", "2024050209", ALL), Map.of("선거", "5", "samsung", "2"));
        hset(RedisKeys.batchHour("v7", "2024050208", ALL), Map.of("선거", "1"));
        // The batch view knows nothing of 10:00 and later; a stray key there must be ignored.
        hset(RedisKeys.batchHour("v7", "2024050210", ALL), Map.of("선거", "55"));
        // Speed view generation g1: it still holds 09:00 (counted before the cutoff moved): ignored too.
        REDIS.client().set(RedisKeys.SPEED_CURRENT, "g1");
        // The speed view stores leaf slices only: all:all is their sum (10:00 = 4 + 3 of 선거).
        SpeedViewSeeds.hour(REDIS.client(), "g1", "2024050209", KO_NEWS, Map.of("선거", "99"));
        SpeedViewSeeds.hour(REDIS.client(), "g1", "2024050210", KO_NEWS, Map.of("선거", "4"));
        SpeedViewSeeds.hour(REDIS.client(), "g1", "2024050210", EN_SOCIAL, Map.of("선거", "3", "날씨", "3"));
        SpeedViewSeeds.hour(REDIS.client(), "g1", "2024050212", EN_SOCIAL, Map.of("선거", "4"));
        SpeedViewSeeds.minute(REDIS.client(), "g1", "202405021229", EN_SOCIAL, Map.of("선거", "2"));
        SpeedViewSeeds.minute(REDIS.client(), "g1", "202405021230", KO_NEWS, Map.of("선거", "1"));
        SpeedViewSeeds.minute(REDIS.client(), "g1", "202405021230", EN_NEWS, Map.of("samsung", "6"));
        publish(new BatchCutoff("v7", T7, T7.plusSeconds(900), Map.of("silgeom.articles:0", 42L)));
    }

    @Test
    void hoursBeforeTheCutoffComeFromTheBatchViewAndTheRestFromTheSpeedView() {
        KeywordSeries s = view.series("선거", ALL, Instant.parse("2024-05-02T08:00:00Z"),
                Instant.parse("2024-05-02T13:00:00Z"), SeriesStep.HOUR);

        assertThat(s.points()).extracting(CountPoint::count).containsExactly(1L, 5L, 7L, 0L, 4L);
        assertThat(s.points()).extracting(CountPoint::provenance).containsExactly(
                Provenance.BATCH, Provenance.BATCH, Provenance.SPEED, Provenance.SPEED, Provenance.SPEED);
        assertThat(s.degraded()).isFalse();
        assertThat(s.views().batch().version()).isEqualTo("v7");
    }

    @Test
    void aDayThatSpansTheCutoffIsMixedAndSumsBothViews() {
        KeywordSeries s = view.series("선거", ALL, Instant.parse("2024-05-01T00:00:00Z"),
                Instant.parse("2024-05-03T00:00:00Z"), SeriesStep.DAY);

        assertThat(s.points()).extracting(CountPoint::provenance).containsExactly(Provenance.BATCH, Provenance.MIXED);
        // May 2nd: batch 08:00 (1) + 09:00 (5), speed 10:00 (7) + 12:00 (4); never the stray 55 or 99.
        assertThat(s.points()).extracting(CountPoint::count).containsExactly(0L, 17L);
        assertThat(s.degraded()).isFalse();
    }

    @Test
    void minutesAreReadFromTheSpeedViewPerSlice() {
        KeywordSeries all = view.series("선거", ALL, Instant.parse("2024-05-02T12:28:00Z"),
                Instant.parse("2024-05-02T12:31:00Z"), SeriesStep.MINUTE);
        KeywordSeries koNews = view.series("선거", KO_NEWS, Instant.parse("2024-05-02T12:28:00Z"),
                Instant.parse("2024-05-02T12:31:00Z"), SeriesStep.MINUTE);

        assertThat(all.points()).extracting(CountPoint::count).containsExactly(0L, 2L, 1L);
        assertThat(koNews.points()).extracting(CountPoint::count).containsExactly(0L, 0L, 1L);
        assertThat(all.points()).allMatch(p -> p.provenance() == Provenance.SPEED);
    }

    @Test
    void aSpeedBucketOfARollUpIsTheSumOfTheLeavesItCovers() {
        Instant from = Instant.parse("2024-05-02T12:29:00Z");
        Instant to = Instant.parse("2024-05-02T12:31:00Z");
        PublishedViews views = view.published();
        assertThat(views.speedLeaves()).containsExactly(EN_NEWS, EN_SOCIAL, KO_NEWS);

        assertThat(view.minuteTotals(views, new Slice("en", "all"), from, to).counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of("선거", 2L, "samsung", 6L));
        assertThat(view.minuteTotals(views, new Slice("all", "news"), from, to).counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of("선거", 1L, "samsung", 6L));
        assertThat(view.minuteTotals(views, new Slice("all", "social"), from, to).counts())
                .containsExactlyInAnyOrderEntriesOf(Map.of("선거", 2L));
        // A language the speed view never wrote: nothing to read, and zero is the truth, not a degraded answer.
        RangeCounts japanese = view.minuteTotals(views, new Slice("ja", "all"), from, to);
        assertThat(japanese.counts()).isEmpty();
        assertThat(japanese.degraded()).isFalse();
    }

    @Test
    void totalsOverARangeAreExactAndMixedWhenTheySpanTheCutoff() {
        RangeCounts all = view.hourTotals(ALL, Instant.parse("2024-05-02T08:00:00Z"), Instant.parse("2024-05-02T13:00:00Z"));
        assertThat(all.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("선거", 17L, "samsung", 2L, "날씨", 3L));
        assertThat(all.provenance()).isEqualTo(Provenance.MIXED);

        PublishedViews views = view.published();
        RangeCounts some = view.hourCounts(views, ALL, Instant.parse("2024-05-02T09:00:00Z"),
                Instant.parse("2024-05-02T11:00:00Z"), Set.of("선거", "날씨", "없음"));
        assertThat(some.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("선거", 12L, "날씨", 3L));

        RangeCounts minutes = view.minuteTotals(views, ALL, Instant.parse("2024-05-02T12:00:00Z"),
                Instant.parse("2024-05-02T12:31:00Z"));
        assertThat(minutes.counts()).containsExactlyInAnyOrderEntriesOf(Map.of("선거", 3L, "samsung", 6L));
        assertThat(minutes.provenance()).isEqualTo(Provenance.SPEED);
    }

    @Test
    void switchingTheCutoffBetweenTwoQueriesSwitchesTheAnswerAsAWhole() {
        Instant from = Instant.parse("2024-05-02T09:00:00Z");
        Instant to = Instant.parse("2024-05-02T12:00:00Z");
        KeywordSeries before = view.series("선거", ALL, from, to, SeriesStep.HOUR);

        // Batch run v8 covers up to 11:00 and counted 8 at 10:00 (a late article the speed view skipped).
        for (Instant h = Instant.parse("2024-05-01T00:00:00Z"); h.isBefore(T8); h = h.plusSeconds(3600)) {
            REDIS.client().sadd(RedisKeys.batchHours("v8"), hourId(h));
        }
        hset(RedisKeys.batchHour("v8", "2024050209", ALL), Map.of("선거", "5"));
        hset(RedisKeys.batchHour("v8", "2024050210", ALL), Map.of("선거", "8"));
        publish(new BatchCutoff("v8", T8, T8.plusSeconds(900), Map.of()));
        KeywordSeries after = view.series("선거", ALL, from, to, SeriesStep.HOUR);

        assertThat(before.points()).extracting(CountPoint::count, CountPoint::provenance).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, Provenance.BATCH),
                org.assertj.core.groups.Tuple.tuple(7L, Provenance.SPEED),
                org.assertj.core.groups.Tuple.tuple(0L, Provenance.SPEED));
        assertThat(after.points()).extracting(CountPoint::count, CountPoint::provenance).containsExactly(
                org.assertj.core.groups.Tuple.tuple(5L, Provenance.BATCH),
                org.assertj.core.groups.Tuple.tuple(8L, Provenance.BATCH),
                org.assertj.core.groups.Tuple.tuple(0L, Provenance.SPEED));
        assertThat(after.views().batch().version()).isEqualTo("v8");
    }

    @Test
    void hourByHourInOnePipelineAnswersWhatEachHourAloneWould() {
        // 8 days back (older than the speed hours' retention is only for speed hours: none here) to after the cutoff.
        Instant from = Instant.parse("2024-04-30T22:00:00Z");
        Instant to = Instant.parse("2024-05-02T13:00:00Z");
        List<String> keywords = List.of("선거", "samsung", "날씨", "absent");
        PublishedViews views = view.published();
        assertThat(view.hourCountsPerHour(views, ALL, from, to, keywords)).isEqualTo(eachHour(views, from, to, keywords));

        // With view v7 lost, the hours below the cutoff are degraded, each with its own reason.
        REDIS.client().del(RedisKeys.batchHours("v7"));
        List<RangeCounts> lost = view.hourCountsPerHour(views, ALL, from, to, keywords);
        assertThat(lost).isEqualTo(eachHour(views, from, to, keywords));
        assertThat(lost.get(0).degraded()).isTrue();
        assertThat(lost.get(lost.size() - 1).degraded()).isFalse();
    }

    private List<RangeCounts> eachHour(PublishedViews views, Instant from, Instant to, List<String> keywords) {
        List<RangeCounts> out = new java.util.ArrayList<>();
        for (Instant h = from; h.isBefore(to); h = h.plusSeconds(3600)) {
            out.add(view.hourCounts(views, ALL, h, h.plusSeconds(3600), keywords));
        }
        return out;
    }

    @Test
    void hoursBeforeTheBatchViewsFirstDataAreZeroButALostViewIsDegraded() {
        // April 30th is before the batch view's first hour with data: the published view covers it as zero.
        KeywordSeries early = view.series("선거", ALL, Instant.parse("2024-04-30T22:00:00Z"),
                Instant.parse("2024-05-01T01:00:00Z"), SeriesStep.HOUR);
        assertThat(early.degraded()).isFalse();

        // Redis lost view v7 (its hours set is gone): the hours below the cutoff are holes, not zeros.
        REDIS.client().del(RedisKeys.batchHours("v7"));
        KeywordSeries lost = view.series("선거", ALL, Instant.parse("2024-04-30T22:00:00Z"),
                Instant.parse("2024-05-01T01:00:00Z"), SeriesStep.HOUR);
        assertThat(lost.degraded()).isTrue();
        assertThat(lost.reason()).contains("batch view v7 is not loaded in Redis");
    }

    @Test
    void speedBucketsOlderThanTheirRetentionAreDegraded() {
        // Minutes from 7 hours ago: the minute buckets live 6 hours.
        KeywordSeries minutes = view.series("선거", ALL, NOW.minus(Duration.ofHours(7)),
                NOW.minus(Duration.ofHours(7)).plusSeconds(120), SeriesStep.MINUTE);
        assertThat(minutes.degraded()).isTrue();
        assertThat(minutes.reason()).contains("speed minute buckets 202405020530..202405020531 (2)")
                .contains("minute retention 6h");

        // Before any batch run, hours from 9 days ago would have to come from the speed view, which keeps 8 days.
        REDIS.client().del(RedisKeys.BATCH_CURRENT);
        KeywordSeries hours = view.series("선거", ALL, Instant.parse("2024-04-23T00:00:00Z"),
                Instant.parse("2024-04-23T01:00:00Z"), SeriesStep.HOUR);
        assertThat(hours.degraded()).isTrue();
        assertThat(hours.reason()).contains("speed hour buckets 2024042300").contains("retention 8d");
        assertThat(view.published().batch()).isNull();
    }

    @Test
    void withoutABatchViewEverythingIsTheSpeedView() {
        REDIS.client().del(RedisKeys.BATCH_CURRENT);

        KeywordSeries s = view.series("선거", ALL, Instant.parse("2024-05-02T09:00:00Z"),
                Instant.parse("2024-05-02T11:00:00Z"), SeriesStep.HOUR);

        assertThat(s.points()).extracting(CountPoint::count).containsExactly(99L, 7L);
        assertThat(s.points()).allMatch(p -> p.provenance() == Provenance.SPEED);
    }

    @Test
    void whenRedisDoesNotAnswerTheResultIsDegradedWithTheReason() throws IOException {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (RedisClient dead = RedisClient.builder().hostAndPort("127.0.0.1", deadPort)
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(300)
                        .socketTimeoutMillis(300).build()).build()) {
            MergedView unreachable = new MergedView(dead, Duration.ofDays(8), Duration.ofHours(6),
                    Clock.fixed(NOW, ZoneOffset.UTC));

            KeywordSeries s = unreachable.series("선거", ALL, NOW.minusSeconds(7200), NOW, SeriesStep.HOUR);
            RangeCounts top = unreachable.hourTotals(ALL, NOW.minusSeconds(7200), NOW);

            assertThat(s.degraded()).isTrue();
            assertThat(s.reason()).startsWith("redis unavailable");
            assertThat(s.points()).isEmpty();
            assertThat(top.degraded()).isTrue();
            assertThat(top.counts()).isEmpty();
        }
    }

    private static void publish(BatchCutoff cutoff) {
        REDIS.client().set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(cutoff));
    }

    private static void hset(String key, Map<String, String> fields) {
        REDIS.client().hset(key, fields);
    }

    private static String hourId(Instant h) {
        return io.silgeom.core.time.TimeBuckets.hourId(h);
    }
}
