package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the end-of-replay summary is made of: dead letters by reason, and rows that repeat an id. */
class FileReplaySummaryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final RecordingSink sink = new RecordingSink(clock);

    @TempDir
    Path dir;

    @Test
    void deadLettersAddUpByReasonAndRepeatedIdsAreCountedButStillSent() throws Exception {
        Path file = Files.writeString(dir.resolve("rows.csv"), String.join("\n",
                "id,created_at,text",
                "1,2024-05-01T00:00:00Z,first",
                "2,not-a-date,second",
                "3,also-not,third",
                "1,2024-05-01T00:01:00Z,first again",
                "4,,no time",
                "5,2024-05-01T00:02:00Z,fifth",
                "5,2024-05-01T00:02:00Z,fifth again") + "\n", StandardCharsets.UTF_8);
        FileReplay replay = new FileReplay(ReplayOptions.builder(file).map("publishedAt=created_at").map("title=text")
                .source(Source.SOCIAL).timeShift(TimeShift.NONE).build(), sink, ProgressListener.none(), clock,
                clock.sleeper());

        Progress last = replay.run();

        assertThat(last.published()).isEqualTo(4);
        assertThat(sink.articles()).extracting(a -> a.id()).containsExactly("1", "1", "5", "5");
        assertThat(replay.duplicateIds()).isEqualTo(2);
        Map<String, Long> reasons = replay.deadLetterReasons();
        assertThat(reasons.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
        assertThat(reasons).hasSize(2).containsEntry("publishedAt: missing (column '…')", 1L);
        assertThat(reasons.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey()).startsWith("publishedAt: cannot read '…'");
            assertThat(e.getValue()).isEqualTo(2L);
        });
    }

    @Test
    void seenIdsTellNewFromRepeatedAcrossGrowth() {
        SeenIds seen = new SeenIds();
        for (int i = 0; i < 200_000; i++) {
            assertThat(seen.add("id-" + i)).isTrue();
        }
        assertThat(seen.add("id-0")).isFalse();
        assertThat(seen.add("id-199999")).isFalse();
        assertThat(seen.size()).isEqualTo(200_000);
    }
}
