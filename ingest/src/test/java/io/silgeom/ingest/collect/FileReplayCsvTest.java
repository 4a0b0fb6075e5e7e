package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.validation.DeadLetter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CSV of tweets (the CrisisLex layout) replayed with time shift none, so every value can be checked exactly:
 * quoted commas, doubled quotes and a quoted newline survive; rows that cannot be articles go to the DLQ with
 * their line number and reason.
 */
class FileReplayCsvTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final RecordingSink sink = new RecordingSink(clock);

    private Progress replay(ReplayOptions options) throws Exception {
        return new FileReplay(options, sink, ProgressListener.none(), clock, clock.sleeper()).run();
    }

    private static ReplayOptions.Builder tweets() {
        return ReplayOptions.builder(TestFiles.sample("tweets-sample.csv"))
                .map("id=tweet_id").map("publishedAt=created_at_utc").map("title=text")
                .source(Source.SOCIAL).lang("en").site("x").timeShift(TimeShift.NONE);
    }

    @Test
    void mapsEveryRowThatHasATimeAndSendsTheRestToTheDeadLetterTopic() throws Exception {
        Progress last = replay(tweets().build());

        assertThat(sink.articles()).extracting(Article::id).containsExactly(
                "262342930549850112", "262343039303958528", "262343112230330369", "tweets-sample.csv:6",
                "262343134795685893");
        assertThat(last.read()).as("the quoted newline does not make a row").isEqualTo(8);
        assertThat(last.published()).isEqualTo(5);
        assertThat(last.deadLettered()).isEqualTo(3);
        assertThat(last.finished()).isTrue();
        assertThat(sink.flushes).isEqualTo(1);
    }

    @Test
    void keepsQuotedCommasDoubledQuotesAndQuotedNewlinesInTheText() throws Exception {
        replay(tweets().build());

        List<Article> a = sink.articles();
        assertThat(a.get(1).title()).isEqualTo("Stay safe, NYC\n#Sandy is coming");
        assertThat(a.get(2).title()).isEqualTo("She said \"wow\", then left");
        assertThat(a.get(0)).satisfies(first -> {
            assertThat(first.source()).isEqualTo(Source.SOCIAL);
            assertThat(first.lang()).isEqualTo("en");
            assertThat(first.site()).isEqualTo("x");
            assertThat(first.body()).isNull();
            assertThat(first.publishedAt()).isEqualTo(Instant.parse("2012-10-28T00:00:03Z"));
        });
    }

    @Test
    void readsIsoSpaceSeparatedAndEpochMillisecondTimes() throws Exception {
        replay(tweets().build());

        assertThat(sink.articles()).extracting(Article::publishedAt).containsExactly(
                Instant.parse("2012-10-28T00:00:03Z"), Instant.parse("2012-10-28T00:00:29Z"),
                Instant.parse("2012-10-28T00:00:46Z"), Instant.parse("2012-10-28T00:01:00Z"),
                Instant.parse("2012-10-28T00:03:00Z"));
    }

    @Test
    void aDeadLetterCarriesTheReasonTheLineNumberAndTheRowButNoKafkaPosition() throws Exception {
        replay(tweets().build());

        assertThat(sink.dead).extracting(RecordingSink.Dead::key)
                .containsExactly("tweets-sample.csv:7", "tweets-sample.csv:8", "tweets-sample.csv:9");
        DeadLetter badDate = sink.dead.get(0).deadLetter();
        assertThat(badDate.reason()).contains("publishedAt", "not-a-date", "created_at_utc");
        assertThat(badDate.offset()).isEqualTo(7);
        assertThat(badDate.partition()).isEqualTo(-1);
        assertThat(badDate.topic()).isNull();
        assertThat(badDate.receivedAt()).isEqualTo(NOW);
        assertThat(badDate.raw()).isEqualTo("2012_Sandy_Hurricane,262343134795685890,not-a-date,bad date row,off-topic");
        assertThat(sink.dead.get(1).deadLetter().reason()).contains("publishedAt: missing");
        assertThat(sink.dead.get(2).deadLetter().reason()).isEqualTo("row has 6 fields, the header has 5");
    }

    @Test
    void aMissingIdBecomesFileNameAndLineAndThePrefixAppliesToAllIds() throws Exception {
        replay(tweets().idPrefix("crisislex-").build());

        assertThat(sink.articles()).extracting(Article::id)
                .contains("crisislex-262342930549850112", "crisislex-tweets-sample.csv:6");
    }

    @Test
    void refusesToStartWhenAMappedColumnDoesNotExist() {
        ReplayOptions options = tweets().map("body=tweet_body").build();

        assertThatThrownBy(() -> replay(options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--map body=tweet_body")
                .hasMessageContaining("created_at_utc");
    }

    @Test
    void refusesToStartWithoutAnEventTimeColumnOrASource() {
        ReplayOptions noTime = ReplayOptions.builder(TestFiles.sample("tweets-sample.csv"))
                .map("title=text").source(Source.SOCIAL).build();
        ReplayOptions noSource = ReplayOptions.builder(TestFiles.sample("tweets-sample.csv"))
                .map("title=text").map("publishedAt=created_at_utc").build();

        assertThatThrownBy(() -> replay(noTime)).hasMessageContaining("--map publishedAt=COLUMN");
        assertThatThrownBy(() -> replay(noSource)).hasMessageContaining("--source news|social");
    }

    @Test
    void stopsAfterTheLimit() throws Exception {
        Progress last = replay(tweets().limit(2L).build());

        assertThat(last.read()).isEqualTo(2);
        assertThat(sink.articles()).hasSize(2);
    }
}
