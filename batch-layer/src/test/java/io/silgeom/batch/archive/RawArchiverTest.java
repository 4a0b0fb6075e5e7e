package io.silgeom.batch.archive;

import static io.silgeom.batch.archive.TestRecords.TOPIC;
import static io.silgeom.batch.archive.TestRecords.article;
import static io.silgeom.batch.archive.TestRecords.files;
import static io.silgeom.batch.archive.TestRecords.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.validation.ArticleValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archiver's consumer loop with Kafka's MockConsumer: where it resumes, when it commits, how it recovers from a
 * failed flush. (The end-to-end test with a real broker is the standalone module's.)
 */
class RawArchiverTest {
    // A fixed clock and a long interval: only flush() makes the archiver write, so the test decides when.
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);
    private static final BatchConfig CONFIG = BatchConfig.from(Settings.empty().with("archive.flush.interval", "10m"));
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    @TempDir
    Path tmp;
    private FileSystem fs;
    private HdfsLayout layout;
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");

    @BeforeEach
    void setUp() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        layout = HdfsLayout.of(tmp.toUri().toString());
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    @Test
    void resumesFromTheMarkersDropsAnIncompleteFlushAndCommitsOnlyAfterWriting() throws Exception {
        // HDFS holds partition 0 up to offset 1, and the leftovers of a flush of offsets 2..3 that never got its marker.
        new ArchiveWriter(fs, layout, ArticleValidator.withDefaults(), CLOCK).write(List.of(
                article(0, 0, "a0", "2024-05-01T09:00:00Z", "2024-05-01T09:00:00Z"),
                article(0, 1, "a1", "2024-05-01T09:01:00Z", "2024-05-01T09:01:00Z")));
        org.apache.hadoop.fs.Path leftover = new org.apache.hadoop.fs.Path(layout.rawHourDir(Instant.parse("2024-05-01T09:00:00Z")), "part-0-2-3.jsonl");
        new ArchiveCommitLog(fs, layout).beginFlush(TOPIC, 0, 3, List.of(leftover));
        Files.writeString(tmp.resolve("raw/articles/dt=2024-05-01/hr=09/part-0-2-3.jsonl"), "half a flush\n");

        CountDownLatch delivered = new CountDownLatch(1);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
        consumer.schedulePollTask(() -> {
            // The broker has partition 0 from offset 0: the archiver must have sought past what HDFS holds.
            for (long o = 0; o <= 4; o++) {
                consumer.addRecord(article(0, o, "a" + o, "2024-05-01T09:0" + o + ":00Z", "2024-05-01T09:10:00Z"));
            }
            consumer.addRecord(article(1, 0, "b0", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"));
            consumer.addRecord(article(1, 1, "b1", "2024-05-01T10:01:00Z", "2024-05-01T10:01:00Z"));
            delivered.countDown();
        });

        try (RawArchiver archiver = archiver(fs)) {
            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
            archiver.flush();

            assertThat(files(tmp.resolve("raw"))).containsExactly(
                    "_offsets/silgeom.articles/0/4",
                    "_offsets/silgeom.articles/1/1",
                    "articles/dt=2024-05-01/hr=09/part-0-0-1.jsonl",
                    "articles/dt=2024-05-01/hr=09/part-0-2-4.jsonl",
                    "articles/dt=2024-05-01/hr=10/part-1-0-1.jsonl");
            assertThat(lines(tmp.resolve("raw/articles/dt=2024-05-01/hr=09/part-0-2-4.jsonl"))).hasSize(3);
            assertThat(consumer.committed(Set.of(P0, P1)))
                    .isEqualTo(Map.of(P0, new OffsetAndMetadata(5), P1, new OffsetAndMetadata(2)));
            assertThat(archiver.archivedOffsets()).isEqualTo(Map.of("silgeom.articles:0", 5L, "silgeom.articles:1", 2L));
            assertThat(archiver.stats().archived()).isEqualTo(5);
        }
        assertThat(consumer.closed()).isTrue();
    }

    @Test
    void aFailedFlushIsReadAgainFromKafkaAndLandsOnce() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        consumer.schedulePollTask(() -> {
            addPartition0Records();
            first.countDown();
        });

        try (RawArchiver archiver = archiver(new CrashOnRename(fs, 1))) {
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            // The first rename fails: the flush fails, nothing is committed, the buffer is dropped.
            assertThatThrownBy(archiver::flush).isInstanceOf(IOException.class).hasMessageContaining("simulated crash");
            assertThat(consumer.committed(Set.of(P0))).isEmpty();

            // The archiver seeks back to what HDFS holds; the broker delivers again.
            CountDownLatch again = new CountDownLatch(1);
            consumer.schedulePollTask(() -> {
                addPartition0Records();
                again.countDown();
            });
            assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
            archiver.flush();

            assertThat(files(tmp.resolve("raw"))).containsExactly(
                    "_offsets/silgeom.articles/0/2",
                    "articles/dt=2024-05-01/hr=09/part-0-0-2.jsonl");
            assertThat(lines(tmp.resolve("raw/articles/dt=2024-05-01/hr=09/part-0-0-2.jsonl"))).hasSize(3);
            assertThat(consumer.committed(Set.of(P0))).isEqualTo(Map.of(P0, new OffsetAndMetadata(3)));
        }
    }

    @Test
    void flushThroughWaitsUntilTheArchiveHoldsEveryRecordBelowTheEndsNotOnlyWhatWasPolledWhenAsked() throws Exception {
        // A batch run starts while the archiver is behind: 3 of partition 0's records are published, none polled yet.
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));

        try (RawArchiver archiver = archiver(fs)) {
            var catchUp = catchUp(archiver, 3L);
            Thread.sleep(500); // a plain flush() would have returned by now, with nothing archived
            assertThat(catchUp).isNotDone();
            consumer.schedulePollTask(this::addPartition0Records); // the broker delivers only now

            assertThat(catchUp.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(archiver.archivedOffsets()).isEqualTo(Map.of("silgeom.articles:0", 3L));
            // Ends the archive cannot reach (records never delivered): gives up after the timeout, says so.
            assertThat(archiver.flushThrough(Map.of("silgeom.articles:0", 9L), java.time.Duration.ofMillis(600))).isFalse();
        }
    }

    @Test
    void aCatchUpWritesWhatArrivesInSeveralPollsAsOneFlushOnceItHasReadUpToTheEnds() throws Exception {
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        consumer.schedulePollTask(() -> {
            for (long o = 0; o < 3; o++) {
                consumer.addRecord(article(0, o, "a" + o, "2024-05-01T09:00:00Z", "2024-05-01T09:10:00Z"));
            }
        });

        try (RawArchiver archiver = archiver(fs)) {
            var catchUp = catchUp(archiver, 5L);
            Thread.sleep(700); // several pauses of the catch-up with 3 of the 5 records polled
            consumer.schedulePollTask(() -> {
                for (long o = 3; o < 5; o++) {
                    consumer.addRecord(article(0, o, "a" + o, "2024-05-01T09:00:00Z", "2024-05-01T09:10:00Z"));
                }
            });

            assertThat(catchUp.get(30, TimeUnit.SECONDS)).isTrue();
            // One file for the five records: the catch-up did not flush the first three on their own.
            assertThat(files(tmp.resolve("raw/articles"))).containsExactly("dt=2024-05-01/hr=09/part-0-0-4.jsonl");
            assertThat(archiver.stats().flushes()).isEqualTo(1);
        }
    }

    @Test
    void filesRollBySizeWithoutWaitingForTheFlushInterval() throws Exception {
        BatchConfig smallFiles = BatchConfig.from(Settings.empty().with("archive.flush.interval", "10m").with("archive.roll.bytes", "1024"));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0)));
        consumer.schedulePollTask(() -> {
            for (long o = 0; o < 20; o++) { // about 110 bytes each: 2200 bytes, so at least two rolls by size
                consumer.addRecord(article(0, o, "a" + o, "2024-05-01T09:00:00Z", "2024-05-01T09:10:00Z"));
            }
        });

        try (RawArchiver archiver = archiver(fs, smallFiles)) {
            awaitArchived(archiver, 20); // 5 records of ~216 bytes reach 1024: four rolls, no flush() asked for
            List<String> parts = files(tmp.resolve("raw/articles"));
            assertThat(parts).hasSize(4);
            for (String part : parts) {
                assertThat(Files.size(tmp.resolve("raw/articles").resolve(part))).as(part).isLessThan(1024 + 200);
            }
        }
    }

    @Test
    void hoursCloseWhenEveryPartitionIsPastThemALaggingOneHoldsThemOpen() throws Exception {
        consumer.updatePartitions(TOPIC, List.of(partitionInfo(0), partitionInfo(1)));
        // Partition 1 has 100 records on the broker, of which only 1 is delivered: it lags, at event time 07:05.
        consumer.updateEndOffsets(Map.of(P0, 3L, P1, 100L));
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
        CountDownLatch delivered = new CountDownLatch(1);
        consumer.schedulePollTask(() -> {
            addPartition0Records();
            consumer.addRecord(article(1, 0, "b0", "2024-05-01T07:05:00Z", "2024-05-01T09:10:00Z"));
            delivered.countDown();
        });

        try (RawArchiver archiver = archiver(fs)) {
            assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
            archiver.flush();
            // W = min(now = 12:00 for the caught-up P0, 07:05 for P1); with 1 h lateness hours up to 05:00 close.
            assertThat(flags()).containsExactlyElementsOf(hourFlags(0, 5));
            assertThat(archiver.stats().closedThrough()).isEqualTo(Instant.parse("2024-05-01T05:00:00Z"));

            // P1 catches up: W = now = 12:00, hours up to 10:00 close. A record for hour 09 now is late.
            consumer.updateEndOffsets(Map.of(P1, 2L));
            CountDownLatch caughtUp = new CountDownLatch(1);
            consumer.schedulePollTask(() -> {
                consumer.addRecord(article(1, 1, "b1", "2024-05-01T09:30:00Z", "2024-05-01T11:55:00Z"));
                caughtUp.countDown();
            });
            assertThat(caughtUp.await(10, TimeUnit.SECONDS)).isTrue();
            archiver.flush();
            assertThat(flags()).containsExactlyElementsOf(hourFlags(0, 10));
            archiver.flush();
            CountDownLatch late = new CountDownLatch(1);
            consumer.updateEndOffsets(Map.of(P1, 3L));
            consumer.schedulePollTask(() -> {
                consumer.addRecord(article(1, 2, "b2", "2024-05-01T09:40:00Z", "2024-05-01T11:59:00Z"));
                late.countDown();
            });
            assertThat(late.await(10, TimeUnit.SECONDS)).isTrue();
            archiver.flush();
            assertThat(archiver.stats().late()).isEqualTo(1);
            assertThat(files(tmp.resolve("raw/articles/dt=2024-05-01/hr=09"))).contains("_SUCCESS", "part-1-2-2.jsonl");
        }
    }

    private static org.apache.kafka.common.PartitionInfo partitionInfo(int p) {
        return new org.apache.kafka.common.PartitionInfo(TOPIC, p, null, null, null);
    }

    private List<String> flags() {
        return files(tmp.resolve("raw/articles")).stream().filter(f -> f.endsWith("_SUCCESS")).toList();
    }

    private static List<String> hourFlags(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to)
                .mapToObj(h -> String.format("dt=2024-05-01/hr=%02d/_SUCCESS", h)).toList();
    }

    /** Waits (bounded) for the archiver to write on its own: the roll by size happens on its thread. */
    private static void awaitArchived(RawArchiver archiver, long records) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (archiver.stats().archived() < records && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(archiver.stats().archived()).isGreaterThanOrEqualTo(records);
    }

    private void addPartition0Records() {
        for (long o = 0; o <= 2; o++) {
            consumer.addRecord(article(0, o, "a" + o, "2024-05-01T09:0" + o + ":00Z", "2024-05-01T09:10:00Z"));
        }
    }

    private RawArchiver archiver(FileSystem f) {
        return archiver(f, CONFIG);
    }

    private RawArchiver archiver(FileSystem f, BatchConfig config) {
        RawArchiver archiver = new RawArchiver(TOPIC, config, f, layout, ArticleValidator.withDefaults(), () -> consumer, CLOCK);
        archiver.startThread();
        return archiver;
    }

    /** {@link RawArchiver#flushThrough} of partition 0 up to {@code end}, on another thread. */
    private static CompletableFuture<Boolean> catchUp(RawArchiver archiver, long end) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return archiver.flushThrough(Map.of("silgeom.articles:0", end), java.time.Duration.ofSeconds(20));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
