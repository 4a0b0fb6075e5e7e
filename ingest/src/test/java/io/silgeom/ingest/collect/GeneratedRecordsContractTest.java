package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the collectors send meets core's contract: generated and replayed articles pass the very validator the
 * layers run, deliberately invalid ones fail it for their own rule, and a burst keyword is a keyword the
 * shared analysis really extracts.
 */
class GeneratedRecordsContractTest {
    private static final Instant START = Instant.parse("2026-11-25T03:00:00Z");
    private static final ArticleValidator VALIDATOR = ArticleValidator.withDefaults();

    private final MutableClock clock = new MutableClock(START);
    private final RecordingSink sink = new RecordingSink(clock);

    @Test
    void everyGeneratedArticleIsValid() throws InterruptedException {
        SyntheticStream stream = new SyntheticStream(GeneratorFixtures.flat(21), sink, ProgressListener.none(), clock,
                clock.sleeper());
        stream.backfill(Duration.ofMinutes(20));
        stream.run(Duration.ofMinutes(1));

        assertThat(sink.published).hasSizeGreaterThan(3000).allSatisfy(p -> assertThat(
                VALIDATOR.validate(ArticleJson.encode(p.article()), p.sentAt())).isInstanceOf(Verdict.Valid.class));
    }

    @Test
    void everyDeliberatelyInvalidRecordFailsValidationAndTogetherTheyBreakSevenRules() {
        new SyntheticStream(GeneratorFixtures.flat(22).withInvalidShare(0.2), sink, ProgressListener.none(), clock,
                clock.sleeper()).backfill(Duration.ofMinutes(10));

        Set<String> rules = sink.raw.stream()
                .map(r -> VALIDATOR.validate(r.value(), r.sentAt()))
                .map(v -> v instanceof Verdict.Invalid i ? i.rule() : "VALID")
                .collect(Collectors.toSet());
        assertThat(rules).containsExactlyInAnyOrder("id.missing", "source.invalid", "publishedAt.future",
                "publishedAt.malformed", "text.missing", "url.scheme", "json.malformed");
    }

    @Test
    void replayedSampleArticlesAreValid() throws Exception {
        ReplayOptions options = ReplayOptions.builder(TestFiles.sample("tweets-sample.csv"))
                .map("id=tweet_id").map("publishedAt=created_at_utc").map("title=text")
                .source(io.silgeom.core.article.Source.SOCIAL).lang("en").rate(100.0).build();
        new FileReplay(options, sink, ProgressListener.none(), clock, clock.sleeper()).run();

        assertThat(sink.published).hasSize(5).allSatisfy(p -> assertThat(
                VALIDATOR.validate(ArticleJson.encode(p.article()), p.sentAt())).isInstanceOf(Verdict.Valid.class));
    }

    @Test
    void burstKeywordsAreWhatTheSharedAnalysisExtracts() throws InterruptedException {
        GeneratorOptions options = GeneratorFixtures.flat(23).withBursts(List.of(
                Burst.after("태풍", Duration.ZERO, Duration.ofMinutes(2), 30),
                Burst.after("#WorldSeries", Duration.ZERO, Duration.ofMinutes(2), 30)));
        new SyntheticStream(options, sink, ProgressListener.none(), clock, clock.sleeper()).run(Duration.ofMinutes(2));
        KeywordExtractor extractor = KeywordExtractor.create();

        List<Article> typhoon = sink.articles().stream().filter(a -> a.text().contains("태풍")).limit(20).toList();
        List<Article> worldSeries = sink.articles().stream().filter(a -> a.text().contains("#WorldSeries")).limit(20).toList();
        assertThat(typhoon).hasSize(20).allSatisfy(a -> assertThat(extractor.analyze(a).keywords())
                .anySatisfy(k -> assertThat(k.canonical()).isEqualTo("태풍")));
        assertThat(worldSeries).hasSize(20).allSatisfy(a -> assertThat(extractor.analyze(a).keywords())
                .anySatisfy(k -> assertThat(k.canonical()).isEqualTo("#worldseries")));
    }
}
