package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** JSON lines: fields by their own names, nested fields by dotted names, broken lines to the DLQ. */
class FileReplayJsonLinesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink(clock);

    private Progress replay() throws Exception {
        ReplayOptions options = ReplayOptions.builder(TestFiles.sample("articles-sample.jsonl"))
                .map("body=text").map("author=user.screen_name").source(Source.SOCIAL).timeShift(TimeShift.NONE).build();
        return new FileReplay(options, sink, ProgressListener.none(), clock, clock.sleeper()).run();
    }

    @Test
    void aRecordInTheArticleLayoutMapsFieldForField() throws Exception {
        replay();

        Article a1 = sink.articles().get(0);
        assertThat(a1).isEqualTo(new Article("a1", Source.NEWS, "yonhap", null, "ko",
                Instant.parse("2024-05-01T00:00:00Z"), "삼성전자, 반도체 투자 발표", null, "https://example.com/a1"));
    }

    @Test
    void readsEpochSecondsSpaceSeparatedTimesNestedFieldsAndTheDefaultSource() throws Exception {
        replay();

        assertThat(sink.articles()).extracting(Article::id).containsExactly("a1", "a2", "a3", "a5");
        Article a2 = sink.articles().get(1);
        assertThat(a2.publishedAt()).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(a2.author()).isEqualTo("kim");
        assertThat(a2.source()).isEqualTo(Source.SOCIAL);
        assertThat(sink.articles().get(2).publishedAt()).isEqualTo(Instant.parse("2024-05-01T00:00:30Z"));
        assertThat(sink.articles().get(3).publishedAt()).isEqualTo(Instant.parse("2024-05-01T00:02:00.5Z"));
    }

    @Test
    void brokenLinesAndUnknownSourcesAreDeadLettersWithTheirPhysicalLineNumbers() throws Exception {
        Progress last = replay();

        assertThat(last.deadLettered()).isEqualTo(3);
        assertThat(sink.dead).extracting(d -> d.deadLetter().offset()).containsExactly(5L, 6L, 7L);
        assertThat(sink.dead.get(0).deadLetter().reason()).startsWith("not valid JSON");
        assertThat(sink.dead.get(0).deadLetter().raw()).isEqualTo("not json at all");
        assertThat(sink.dead.get(1).deadLetter().reason()).isEqualTo("not a JSON object");
        assertThat(sink.dead.get(2).deadLetter().reason()).isEqualTo("source: 'blog' is neither news nor social (column 'source')");
    }
}
