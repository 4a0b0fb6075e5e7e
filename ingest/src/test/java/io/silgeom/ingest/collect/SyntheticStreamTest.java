package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The synthetic stream: deterministic, paced by the clock, with a small share of exact re-publications. */
class SyntheticStreamTest {
    private static final Instant START = Instant.parse("2026-11-25T03:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingSink sink = new RecordingSink(clock);

    private SyntheticStream stream(GeneratorOptions options, RecordingSink target) {
        return new SyntheticStream(options, target, ProgressListener.none(), clock, clock.sleeper());
    }

    private static List<String> encoded(RecordingSink s) {
        return s.articles().stream().map(ArticleJson::encodeToString).toList();
    }

    @Test
    void theSameSeedAndStartGiveTheSameRecordsByteForByte() {
        RecordingSink other = new RecordingSink(clock);
        stream(GeneratorFixtures.flat(7), sink).backfill(Duration.ofMinutes(30));
        stream(GeneratorFixtures.flat(7), other).backfill(Duration.ofMinutes(30));
        RecordingSink differentSeed = new RecordingSink(clock);
        stream(GeneratorFixtures.flat(8), differentSeed).backfill(Duration.ofMinutes(30));

        assertThat(sink.articles()).hasSizeGreaterThan(3000);
        assertThat(encoded(other)).isEqualTo(encoded(sink));
        assertThat(encoded(differentSeed)).isNotEqualTo(encoded(sink));
    }

    @Test
    void theLiveStreamKeepsToTheRateAndNeverSendsAnEventTimeAheadOfTheClock() throws InterruptedException {
        Progress last = stream(GeneratorFixtures.flat(1), sink).run(Duration.ofMinutes(2));

        // 20/s for 120 s: 2400 expected; a Poisson count this large stays well within ±10%.
        assertThat(sink.published).hasSizeBetween(2160, 2640);
        assertThat(sink.published).allSatisfy(p -> assertThat(p.article().publishedAt()).isBeforeOrEqualTo(p.sentAt())
                .isAfter(START));
        // A re-publication carries its original time; every first copy is sent the moment its time comes.
        assertThat(firstCopies(sink.published)).allSatisfy(p -> assertThat(p.sentAt()).isEqualTo(p.article().publishedAt()));
        assertThat(last.finished()).isTrue();
        assertThat(last.elapsed()).isLessThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void aboutOnePercentOfRecordsRepublishARecentArticleUnchanged() {
        SyntheticStream s = stream(GeneratorFixtures.flat(3), sink);
        s.backfill(Duration.ofHours(3));

        Set<String> seen = new HashSet<>();
        long repeats = sink.articles().stream().filter(a -> !seen.add(a.id())).count();
        double share = (double) repeats / sink.articles().size();
        assertThat(share).isBetween(0.007, 0.013);
        assertThat(repeats).isEqualTo(s.duplicatesSent());
    }

    @Test
    void theBackfillCoversThePastHoursInOrderAndEndsBeforeTheStart() {
        Progress last = stream(GeneratorFixtures.flat(4), sink).backfill(Duration.ofHours(2));

        List<Instant> times = firstCopies(sink.published).stream().map(p -> p.article().publishedAt()).toList();
        assertThat(times).isSorted();
        assertThat(times.get(0)).isBetween(START.minus(Duration.ofHours(2)), START.minus(Duration.ofMinutes(119)));
        assertThat(times.get(times.size() - 1)).isBefore(START).isAfter(START.minus(Duration.ofMinutes(1)));
        assertThat(last.published()).isEqualTo(sink.published.size());
        assertThat(sink.published).as("as fast as possible").allSatisfy(p -> assertThat(p.sentAt()).isEqualTo(START));
    }

    @Test
    void theBackfillFollowsTheDailyCycleBusierAtMiddayKstThanAtNight() {
        GeneratorOptions options = new GeneratorOptions(5, 20.0, 0.0, 0.0, 0.6, 0.35, 0.5, List.of(), 0.2);
        stream(options, sink).backfill(Duration.ofHours(24));

        long peak = countInHour(Instant.parse("2026-11-24T04:00:00Z"));    // 13:00 KST
        long trough = countInHour(Instant.parse("2026-11-24T16:00:00Z"));  // 01:00 KST
        // Expected about 1.5 × 720 vs 0.5 × 720 (the hour averages the curve, so a little less than 3:1).
        assertThat((double) peak / trough).isGreaterThan(2.5);
    }

    private static List<RecordingSink.Published> firstCopies(List<RecordingSink.Published> all) {
        Set<String> seen = new HashSet<>();
        return all.stream().filter(p -> seen.add(p.article().id())).toList();
    }

    private long countInHour(Instant hourStart) {
        Instant end = hourStart.plus(Duration.ofHours(1));
        return sink.articles().stream().map(Article::publishedAt)
                .filter(t -> !t.isBefore(hourStart) && t.isBefore(end)).count();
    }

    @Test
    void articlesAreKoreanAndEnglishNewsAndSocialWithHashtagsOnPosts() {
        stream(GeneratorFixtures.flat(6), sink).backfill(Duration.ofHours(1));

        List<Article> all = sink.articles();
        double korean = all.stream().filter(a -> "ko".equals(a.lang())).count() / (double) all.size();
        double social = all.stream().filter(a -> a.source() == Source.SOCIAL).count() / (double) all.size();
        assertThat(korean).isBetween(0.55, 0.65);
        assertThat(social).isBetween(0.30, 0.40);
        assertThat(all.stream().filter(a -> a.source() == Source.SOCIAL).filter(a -> a.title().contains("#")).count())
                .as("most posts carry a hashtag").isGreaterThan(all.stream().filter(a -> a.source() == Source.SOCIAL).count() / 2);
        assertThat(all).allSatisfy(a -> {
            assertThat(a.title()).isNotBlank();
            assertThat(a.id()).startsWith("syn-").hasSizeLessThan(64);
            assertThat(a.url()).startsWith("https://");
        });
        assertThat(all.stream().filter(a -> a.source() == Source.NEWS)).allSatisfy(a -> assertThat(a.body()).isNotBlank());
    }

    @Test
    void invalidRecordsAreOffByDefaultAndGoRawWhenAsked() {
        stream(GeneratorFixtures.flat(9), sink).backfill(Duration.ofMinutes(30));
        assertThat(sink.raw).isEmpty();

        RecordingSink withInvalid = new RecordingSink(clock);
        SyntheticStream s = stream(GeneratorFixtures.flat(9).withInvalidShare(0.1), withInvalid);
        s.backfill(Duration.ofMinutes(30));
        double share = withInvalid.raw.size() / (double) (withInvalid.raw.size() + withInvalid.published.size());
        assertThat(share).isBetween(0.08, 0.12);
        assertThat(withInvalid.raw.size()).isEqualTo(s.invalidSent());
    }

    @Test
    void aSecondRunContinuesTheSequenceInsteadOfRepeatingIds() throws InterruptedException {
        SyntheticStream s = stream(GeneratorFixtures.flat(13).withRate(5), sink);
        s.run(Duration.ofSeconds(30));
        s.run(Duration.ofSeconds(30));

        Set<String> ids = new HashSet<>();
        long repeated = sink.articles().stream().filter(a -> !ids.add(a.id())).count();
        assertThat(repeated).isEqualTo(s.duplicatesSent());
    }

    @Test
    void stopEndsTheLiveStreamBeforeTheNextRecord() throws InterruptedException {
        SyntheticStream[] s = new SyntheticStream[1];
        // Whoever calls stop() (a shutdown hook) does so while the stream waits for its next record.
        Sleeper stopAfterHundred = d -> {
            if (sink.published.size() == 100) {
                s[0].stop();
            }
            clock.advance(d);
        };
        s[0] = new SyntheticStream(GeneratorFixtures.flat(2), sink, ProgressListener.none(), clock, stopAfterHundred);

        Progress last = s[0].run(null);

        assertThat(sink.published).hasSize(100);
        assertThat(last.published()).isEqualTo(100);
    }
}
