package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.ingest.publish.ArticleSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The two real datasets replay with the options docs/ingest.md gives. They live outside the project
 * (/work/shared/data, see the READMEs there); without them this test is skipped, saying so. An IT because it
 * reads 28 MB (a few seconds), not because it needs a service.
 */
class SharedDatasetsIT {
    private static final Path DATA = Path.of("/work/shared/data");
    private static final Path REUTERS = DATA.resolve("reuters21578/reuters21578.tsv");
    private static final Path CRISISLEX = DATA.resolve("crisislex_tweets/crisislex_t6_tweets.csv");

    /** Counts instead of keeping 60,000 articles; keeps the few the test looks at. */
    private static final class CountingSink implements ArticleSink {
        long published;
        final List<Article> firstArticles = new ArrayList<>();
        final List<Article> withNewline = new ArrayList<>();
        final List<DeadLetter> dead = new ArrayList<>();

        @Override
        public void publish(Article article) {
            published++;
            if (firstArticles.size() < 3) {
                firstArticles.add(article);
            }
            if (article.title() != null && article.title().contains("\n")) {
                withNewline.add(article);
            }
        }

        @Override
        public void publishEncoded(String id, byte[] json) {
            publish(RecordingSink.decode(json));
        }

        @Override
        public void publishRaw(String key, byte[] value) {
            throw new AssertionError("a replay never sends raw records");
        }

        @Override
        public void publishDeadLetter(String key, DeadLetter deadLetter) {
            dead.add(deadLetter);
        }

        @Override
        public void flush() {
            // nothing buffered
        }
    }

    private static void assumeDataset(Path file) {
        assumeTrue(Files.isReadable(file), "shared dataset not found, skipping: " + file);
    }

    @Test
    void reutersReplaysEveryStoryButTheOneWithoutADate() throws Exception {
        assumeDataset(REUTERS);
        CountingSink sink = new CountingSink();
        ReplayOptions options = ReplayOptions.builder(REUTERS).format(InputFormat.TSV)
                .map("id=newid").map("publishedAt=date_iso").source(Source.NEWS).lang("en")
                .timeShift(TimeShift.NONE).build();

        Progress last = new FileReplay(options, sink, ProgressListener.none()).run();

        assertThat(last.read()).isEqualTo(21_578);
        assertThat(sink.published).isEqualTo(21_577);
        assertThat(sink.dead).singleElement().satisfies(d -> {
            assertThat(d.offset()).isEqualTo(2);
            assertThat(d.raw()).startsWith("17192\t");
        });
        assertThat(sink.firstArticles.get(0)).satisfies(a -> {
            assertThat(a.id()).isEqualTo("1");
            assertThat(a.title()).isEqualTo("BAHIA COCOA REVIEW");
            assertThat(a.publishedAt()).isEqualTo(Instant.parse("1987-02-26T15:01:01Z"));
        });
    }

    @Test
    void crisislexReplaysEveryTweetIncludingTheThreeWithQuotedNewlines() throws Exception {
        assumeDataset(CRISISLEX);
        CountingSink sink = new CountingSink();
        ReplayOptions options = ReplayOptions.builder(CRISISLEX)
                .map("id=tweet_id").map("publishedAt=created_at_utc").map("title=text")
                .source(Source.SOCIAL).lang("en").timeShift(TimeShift.NONE).build();

        Progress last = new FileReplay(options, sink, ProgressListener.none()).run();

        assertThat(last.read()).isEqualTo(60_082);
        assertThat(sink.published).isEqualTo(60_082);
        assertThat(sink.dead).isEmpty();
        assertThat(sink.withNewline).hasSize(3);
        assertThat(sink.firstArticles.get(0).id()).isEqualTo("262342930549850112");
        assertThat(sink.firstArticles.get(0).publishedAt()).isEqualTo(Instant.parse("2012-10-28T00:00:03Z"));
    }
}
