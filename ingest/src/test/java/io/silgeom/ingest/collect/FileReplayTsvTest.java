package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A TSV in the Reuters-21578 layout: split on TAB, no quoting, so a {@code "} is text and never joins rows.
 * Local date-times without a zone are read as UTC.
 */
class FileReplayTsvTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink(clock);

    private Progress replayReuters() throws Exception {
        ReplayOptions options = ReplayOptions.builder(TestFiles.sample("reuters-sample.tsv"))
                .map("id=newid").map("publishedAt=date_iso").source(Source.NEWS).lang("en").site("reuters")
                .idPrefix("reuters-").timeShift(TimeShift.NONE).build();
        return new FileReplay(options, sink, ProgressListener.none(), clock, clock.sleeper()).run();
    }

    @Test
    void aQuoteInATsvFieldIsTextAndDoesNotSwallowTheFollowingRows() throws Exception {
        replayReuters();

        assertThat(sink.articles()).extracting(Article::id).containsExactly("reuters-1", "reuters-2", "reuters-3");
        Article quoted = sink.articles().get(1);
        assertThat(quoted.title()).isEqualTo("\"EQUITY\" OFFER <BAC> SEEN");
        assertThat(quoted.body()).isEqualTo("He said \"the offer is fair, and it closes at 5 pm. REUTER");
    }

    @Test
    void takesTitleAndBodyFromSameNamedColumnsAndReadsLocalTimesAsUtc() throws Exception {
        replayReuters();

        Article first = sink.articles().get(0);
        assertThat(first.title()).isEqualTo("BAHIA COCOA REVIEW");
        assertThat(first.body()).startsWith("Showers continued");
        assertThat(first.publishedAt()).isEqualTo(Instant.parse("1987-02-26T15:01:01Z"));
        assertThat(first.site()).isEqualTo("reuters");
        assertThat(sink.articles().get(2).title()).as("an empty headline is absent, not blank").isNull();
    }

    @Test
    void theRowWithoutADateIsADeadLetterWithTheWholeRow() throws Exception {
        Progress last = replayReuters();

        assertThat(last.deadLettered()).isEqualTo(1);
        assertThat(sink.dead.get(0).deadLetter().offset()).isEqualTo(2);
        assertThat(sink.dead.get(0).deadLetter().reason()).isEqualTo("publishedAt: missing (column 'date_iso')");
        assertThat(sink.dead.get(0).deadLetter().raw()).startsWith("17192\t\t31-MAR-1987 605:12:19.12\tTRAIN");
    }

    @Test
    void reportsBytesReadAgainstTheFileSize() throws Exception {
        Progress last = replayReuters();

        assertThat(last.totalBytes()).isEqualTo(java.nio.file.Files.size(TestFiles.sample("reuters-sample.tsv")));
        assertThat(last.bytesRead()).isEqualTo(last.totalBytes());
        assertThat(last.fraction()).isEqualTo(1.0);
    }
}
