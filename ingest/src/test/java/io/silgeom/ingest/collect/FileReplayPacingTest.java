package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pacing against a fake clock: records leave when the schedule says, and the shifted times are never ahead. */
class FileReplayPacingTest {
    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final RecordingSink sink = new RecordingSink(clock);

    /** Five records, one minute apart, in 2013. */
    private Path minuteApart() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add("{\"id\":\"r" + i + "\",\"source\":\"news\",\"publishedAt\":\"2013-04-15T18:4" + i
                    + ":00Z\",\"title\":\"t" + i + "\"}");
        }
        return Files.write(dir.resolve("minutes.jsonl"), lines);
    }

    private Progress replay(ReplayOptions options, ProgressListener listener) throws Exception {
        return new FileReplay(options, sink, listener, clock, clock.sleeper()).run();
    }

    @Test
    void withSpeedupEachRecordLeavesAtItsShiftedTimeAndCarriesIt() throws Exception {
        replay(ReplayOptions.builder(minuteApart()).speedup(60.0).build(), ProgressListener.none());

        assertThat(sink.published).extracting(RecordingSink.Published::sentAt).containsExactly(
                START, START.plusSeconds(1), START.plusSeconds(2), START.plusSeconds(3), START.plusSeconds(4));
        assertThat(sink.published).allSatisfy(p -> assertThat(p.article().publishedAt()).isEqualTo(p.sentAt()));
    }

    @Test
    void withARateRecordsLeaveEvenlySpacedAndTheFileEndsAtTheStart() throws Exception {
        replay(ReplayOptions.builder(minuteApart()).rate(2.0).build(), ProgressListener.none());

        assertThat(sink.published).extracting(RecordingSink.Published::sentAt).containsExactly(
                START, START.plusMillis(500), START.plusMillis(1000), START.plusMillis(1500), START.plusMillis(2000));
        assertThat(sink.articles()).extracting(Article::publishedAt).containsExactly(
                START.minus(Duration.ofMinutes(4)), START.minus(Duration.ofMinutes(3)),
                START.minus(Duration.ofMinutes(2)), START.minus(Duration.ofMinutes(1)), START);
    }

    @Test
    void asFastAsPossibleDoesNotWait() throws Exception {
        Progress last = replay(ReplayOptions.builder(minuteApart()).source(Source.NEWS).build(), ProgressListener.none());

        assertThat(sink.published).allSatisfy(p -> assertThat(p.sentAt()).isEqualTo(START));
        assertThat(last.elapsed()).isZero();
    }

    @Test
    void progressIsReportedAtMostFourTimesASecondAndOnceAtTheEnd() throws Exception {
        List<Progress> reports = new ArrayList<>();

        // 5 records over 4 s of fake time: one report per second at most, plus the final one.
        replay(ReplayOptions.builder(minuteApart()).speedup(60.0).build(), reports::add);

        assertThat(reports).hasSizeBetween(2, 5 + 1);
        assertThat(reports.get(reports.size() - 1)).satisfies(last -> {
            assertThat(last.finished()).isTrue();
            assertThat(last.published()).isEqualTo(5);
            assertThat(last.recordsPerSecond()).isEqualTo(5 / 4.0);
        });
        assertThat(reports.subList(0, reports.size() - 1)).allSatisfy(p -> assertThat(p.finished()).isFalse());
    }

    @Test
    void stopEndsTheReplayBeforeTheNextRecordLeaves() throws Exception {
        Path file = minuteApart();
        FileReplay[] replay = new FileReplay[1];
        // The sleeper stops the replay as soon as it has to wait for the third record.
        Sleeper stopOnThirdWait = d -> {
            if (sink.published.size() == 2) {
                replay[0].stop();
            }
            clock.advance(d);
        };
        replay[0] = new FileReplay(ReplayOptions.builder(file).speedup(60.0).build(), sink, ProgressListener.none(),
                clock, stopOnThirdWait);

        Progress last = replay[0].run();

        assertThat(sink.published).hasSize(2);
        assertThat(last.read()).isEqualTo(2);
        assertThat(sink.flushes).isEqualTo(1);
    }
}
