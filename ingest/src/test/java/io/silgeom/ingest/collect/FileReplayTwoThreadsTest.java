package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay reads and maps on one thread and sends on another ({@link PlannedRows}); over many batches the sink still
 * sees the rows in file order, and the counts, the summary, the progress, a stop and a read failure are exact.
 */
class FileReplayTwoThreadsTest {
    private static final int ROWS = 5_000;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink(clock);

    /** Every 7th row has no readable time; every 13th repeats the id of the row before it. */
    private Path csv() throws IOException {
        return csv("");
    }

    /** @param titleEnd the end of every title ({@code \uFFFD}: the bytes of a malformed sequence there) */
    private Path csv(String titleEnd) throws IOException {
        StringBuilder sb = new StringBuilder("id,publishedAt,title\n");
        for (int i = 0; i < ROWS; i++) {
            String id = i % 13 == 12 ? "r" + (i - 1) : "r" + i;
            String time = i % 7 == 6 ? "not a time" : Instant.parse("2024-05-01T00:00:00Z").plusSeconds(i).toString();
            sb.append(id).append(',').append(time).append(",\"row ").append(i).append(", quoted").append(titleEnd)
                    .append("\"\n");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        byte[] replacement = "\uFFFD".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == replacement[0] && bytes[i + 1] == replacement[1] && bytes[i + 2] == replacement[2]) {
                bytes[i] = (byte) 0xFF; // one byte no UTF-8 sequence starts with, then two spaces
                bytes[i + 1] = ' ';
                bytes[i + 2] = ' ';
            }
        }
        return Files.write(dir.resolve("many.csv"), bytes);
    }

    private FileReplay replay(Path file, ProgressListener listener) {
        ReplayOptions options = ReplayOptions.builder(file).source(Source.NEWS).timeShift(TimeShift.NONE).build();
        return new FileReplay(options, sink, listener, clock, clock.sleeper());
    }

    @Test
    void manyBatchesArriveInFileOrderWithExactCounts() throws Exception {
        Path file = csv();
        List<Progress> reports = new ArrayList<>();
        FileReplay replay = replay(file, reports::add);

        Progress last = replay.run();

        long bad = (ROWS + 1) / 7; // rows 6, 13, 20, ...
        List<String> expectedIds = new ArrayList<>();
        List<Long> expectedDeadLines = new ArrayList<>();
        long repeats = 0;
        for (int i = 0; i < ROWS; i++) {
            if (i % 7 == 6) {
                expectedDeadLines.add(i + 2L); // line 1 is the header
            } else {
                expectedIds.add(i % 13 == 12 ? "r" + (i - 1) : "r" + i);
                if (i % 13 == 12 && (i - 1) % 7 != 6) {
                    repeats++;
                }
            }
        }
        assertThat(sink.articles()).extracting(Article::id).containsExactlyElementsOf(expectedIds);
        assertThat(sink.writtenDirect).as("rows written straight from the file's bytes").isEqualTo(ROWS - bad);
        assertThat(sink.dead).extracting(d -> d.deadLetter().offset()).containsExactlyElementsOf(expectedDeadLines);
        assertThat(sink.dead.get(0).deadLetter().raw()).isEqualTo("r6,not a time,\"row 6, quoted\"");
        assertThat(last.read()).isEqualTo(ROWS);
        assertThat(last.deadLettered()).isEqualTo(bad);
        assertThat(last.published()).isEqualTo(ROWS - bad);
        assertThat(last.bytesRead()).isEqualTo(Files.size(file));
        assertThat(replay.duplicateIds()).isEqualTo(repeats);
        assertThat(replay.deadLetterReasons()).containsOnlyKeys(
                "publishedAt: cannot read '…' as a date-time (ISO-N, yyyy-MM-dd HH:mm:ss, epoch seconds or milliseconds, RFC N) (column '…')");
        assertThat(sink.flushes).isEqualTo(1);
        assertNoReaderThreadLeft();
    }

    @Test
    void whileTheSenderIsBehindTheReaderEncodesAndHandsOverTheArticlesOwnJson() throws Exception {
        // Rows whose text the direct way leaves alone (malformed UTF-8: a U+FFFD the defining way) are encoded by
        // whichever thread has time. The queue fills meanwhile; the reading thread then encodes the next batch while
        // it waits to hand it over. How many batches after that come encoded depends on which thread is faster once
        // the sender resumes, so only the first is certain: one batch of rows less its dead letters (219 on a fresh
        // CI JVM, more where the sender is the slower thread).
        sink.firstPublishMillis = 2_000;

        replay(csv("\uFFFD"), ProgressListener.none()).run();

        assertThat(sink.encodedAhead).as("rows encoded by the reading thread").isGreaterThanOrEqualTo(200);
        assertThat(sink.writtenDirect).isZero();
        assertThat(sink.published).hasSize(ROWS - (ROWS + 1) / 7); // and RecordingSink checked every JSON
        assertThat(sink.articles().get(0).title()).isEqualTo("row 0, quoted\uFFFD  ");
    }

    @Test
    void aStopFromTheProgressListenerCountsOnlyWhatWasSent() throws Exception {
        Path file = csv();
        // The clock moves a millisecond per reading, so that progress reports come every hundred rows or so.
        clock.tickOnEveryReading(Duration.ofMillis(1));
        FileReplay[] replay = new FileReplay[1];
        ReplayOptions options = ReplayOptions.builder(file).source(Source.NEWS).timeShift(TimeShift.NONE).build();
        long[] readAtStop = new long[1];
        replay[0] = new FileReplay(options, sink, p -> {
            if (p.read() >= 1_000 && readAtStop[0] == 0) {
                readAtStop[0] = p.read();
                replay[0].stop();
            }
        }, clock, clock.sleeper());

        Progress last = replay[0].run();

        assertThat(readAtStop[0]).isBetween(1_000L, 1_300L);
        assertThat(last.read()).isEqualTo(readAtStop[0]);
        assertThat(last.published() + last.deadLettered()).isEqualTo(last.read());
        assertThat(sink.published).hasSize((int) last.published());
        assertThat(sink.dead).hasSize((int) last.deadLettered());
        assertNoReaderThreadLeft();
    }

    @Test
    void aBrokenCsvFailsAfterTheRowsBeforeItWereSent() throws Exception {
        StringBuilder sb = new StringBuilder("id,publishedAt,title\n");
        for (int i = 0; i < 1_000; i++) {
            sb.append("r").append(i).append(",2024-05-01T00:00:00Z,fine\n");
        }
        sb.append("bad,2024-05-01T00:00:00Z,\"never closed\n");
        Path file = Files.writeString(dir.resolve("broken.csv"), sb, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> replay(file, ProgressListener.none()).run())
                .isInstanceOf(IOException.class).hasMessageContaining("line 1002");
        assertThat(sink.published).hasSize(1_000);
        assertThat(sink.flushes).isEqualTo(1);
        assertNoReaderThreadLeft();
    }

    private static void assertNoReaderThreadLeft() {
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("replay-reader-"));
    }
}
