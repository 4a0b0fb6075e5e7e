package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PlannedRows} on its own: what happens when the encoding fails on the reading thread. */
class PlannedRowsTest {
    private static final int ROWS = 3_000;

    @TempDir
    Path dir;

    @Test
    void anEncoderFailureOnTheReadingThreadMarksTheBatchsIdsOnceAndReachesTheSenderAfterItsRows() throws Exception {
        StringBuilder csv = new StringBuilder("id,publishedAt,title\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("r").append(i).append(",2024-05-01T00:00:00Z,row ").append(i).append('\n'); // every id once
        }
        Path file = Files.writeString(dir.resolve("rows.csv"), csv, StandardCharsets.UTF_8);
        ReplayOptions options = ReplayOptions.builder(file).source(Source.NEWS).timeShift(TimeShift.NONE).build();
        CountDownLatch failed = new CountDownLatch(1);
        Function<Article, byte[]> failing = article -> {
            failed.countDown();
            throw new IllegalStateException("encoder broke at " + article.id());
        };
        List<PlannedRows.Row> taken = new ArrayList<>();
        try (RowReader reader = RowReader.open(file, options.format())) {
            RowMapping mapping = RowMapping.resolve(options, reader.header());
            reader.select(mapping.selectedColumns());
            ReplaySchedule schedule = new ReplaySchedule(options, Instant.parse("2026-12-08T00:00:00Z"), null);
            // Every row through an Article, and nobody taking rows: the queue fills, the next full batch is encoded
            // on the reading thread, and the encoder throws on its first row.
            try (PlannedRows rows = PlannedRows.start(reader, mapping, schedule, null, "test-reader", false, failing)) {
                assertThat(failed.await(30, TimeUnit.SECONDS)).as("the reading thread encoded").isTrue();
                assertThatThrownBy(() -> {
                    PlannedRows.Row row;
                    while ((row = rows.next()) != null) {
                        taken.add(row);
                    }
                }).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("encoder broke at r");
            }
        }
        // The four queued batches and the one whose encoding failed: each id once, none a repeat (marking the failed
        // batch's ids a second time made every one of its rows a repeat of itself).
        assertThat(taken).hasSizeGreaterThan(4 * 256);
        assertThat(taken).extracting(PlannedRows.Row::id).doesNotHaveDuplicates();
        assertThat(taken).noneMatch(PlannedRows.Row::repeatedId);
        assertThat(taken.get(taken.size() - 1).line()).isEqualTo(taken.size() + 1L);
    }
}
