package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planted bursts: the keyword's rate inside its window is several times its rate before. */
class SyntheticBurstTest {
    private static final Instant START = Instant.parse("2026-11-25T03:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingSink sink = new RecordingSink(clock);

    private void runFor(Duration d, Burst... bursts) throws InterruptedException {
        GeneratorOptions options = GeneratorFixtures.flat(11).withBursts(List.of(bursts));
        new SyntheticStream(options, sink, ProgressListener.none(), clock, clock.sleeper()).run(d);
    }

    private long mentions(String word, Duration from, Duration to) {
        return sink.articles().stream()
                .filter(a -> !a.publishedAt().isBefore(START.plus(from)) && a.publishedAt().isBefore(START.plus(to)))
                .filter(a -> a.text().contains(word)).count();
    }

    @Test
    void aKeywordBurstIsSeveralTimesTheKeywordsBaseline() throws InterruptedException {
        runFor(Duration.ofMinutes(30), Burst.after("태풍", Duration.ofMinutes(10), Duration.ofMinutes(10), 10));

        // Baseline over the ten minutes before; the burst's plateau (ramps excluded) over eight minutes.
        double before = mentions("태풍", Duration.ZERO, Duration.ofMinutes(10)) / 10.0;
        double during = mentions("태풍", Duration.ofMinutes(11), Duration.ofMinutes(19)) / 8.0;
        double after = mentions("태풍", Duration.ofMinutes(20), Duration.ofMinutes(30)) / 10.0;
        assertThat(before).isGreaterThan(0);
        assertThat(during / before).isGreaterThan(4);
        assertThat(after / before).as("over when the window closes").isLessThan(2);
    }

    @Test
    void aHashtagBurstPostsTheHashtagOnSocialPosts() throws InterruptedException {
        runFor(Duration.ofMinutes(8), Burst.after("#WorldSeries", Duration.ofMinutes(2), Duration.ofMinutes(5), 30));

        List<Article> tagged = sink.articles().stream().filter(a -> a.text().contains("#WorldSeries")).toList();
        assertThat(tagged).hasSizeGreaterThan(100);
        assertThat(tagged).allSatisfy(a -> assertThat(a.lang()).isEqualTo("en"));
        long duringBurst = tagged.stream().filter(a -> a.source() == Source.SOCIAL)
                .filter(a -> a.text().contains("World Series")).count();
        assertThat(duringBurst).isGreaterThan(tagged.size() * 9L / 10);
    }

    @Test
    void anAbsoluteBurstShowsInsideABackfilledHistory() {
        Instant at = START.minus(Duration.ofHours(2));
        GeneratorOptions options = GeneratorFixtures.flat(12)
                .withBursts(List.of(Burst.at("지진", at, Duration.ofMinutes(30), 20)));
        new SyntheticStream(options, sink, ProgressListener.none(), clock, clock.sleeper()).backfill(Duration.ofHours(4));

        long inside = sink.articles().stream().filter(a -> a.text().contains("지진"))
                .filter(a -> !a.publishedAt().isBefore(at) && a.publishedAt().isBefore(at.plus(Duration.ofMinutes(30))))
                .count();
        long hourBefore = sink.articles().stream().filter(a -> a.text().contains("지진"))
                .filter(a -> a.publishedAt().isBefore(at) && !a.publishedAt().isBefore(at.minus(Duration.ofMinutes(30))))
                .count();
        assertThat(inside).isGreaterThan(4 * Math.max(1, hourBefore));
    }
}
