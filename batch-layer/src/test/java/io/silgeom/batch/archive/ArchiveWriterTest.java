package io.silgeom.batch.archive;

import static io.silgeom.batch.archive.TestRecords.TOPIC;
import static io.silgeom.batch.archive.TestRecords.article;
import static io.silgeom.batch.archive.TestRecords.files;
import static io.silgeom.batch.archive.TestRecords.lines;
import static io.silgeom.batch.archive.TestRecords.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.DeadLetter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archiver's write path on the local filesystem: file names, commit markers, crash recovery. */
class ArchiveWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T00:00:00Z"), ZoneOffset.UTC);
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);

    @TempDir
    Path tmp;
    private FileSystem fs;
    private HdfsLayout layout;
    private Path raw;

    @BeforeEach
    void setUp() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        layout = HdfsLayout.of(tmp.toUri().toString());
        raw = tmp.resolve("raw");
    }

    @Test
    void writesValidRecordsByEventHourAndInvalidOnesToQuarantineThenCommitsAMarker() throws IOException {
        ArchiveWriter writer = writer(fs);

        ArchiveWriter.FlushResult result = writer.write(List.of(
                article(0, 0, "a1", "2024-05-01T09:10:00Z", "2024-05-01T09:10:05Z"),
                article(0, 1, "a2", "2024-05-01T08:59:59Z", "2024-05-01T09:10:06Z"),
                record(0, 2, "2024-05-02T00:00:01Z", "{\"id\":\"bad\",\"publishedAt\":\"2024-05-01T09:00:00Z\",\"title\":\"x\"}"),
                article(0, 3, "a3", "2024-05-01T09:30:00+09:00", "2024-05-01T09:10:07Z")));

        // One file per directory, named by the offsets of the records IN it: hour 09 holds offsets 0 and 3.
        // (09:30+09:00 is 00:30 UTC: buckets are UTC.)
        assertThat(files(raw)).containsExactly(
                "_offsets/silgeom.articles/0/3",
                "articles/dt=2024-05-01/hr=00/part-0-3-3.jsonl",
                "articles/dt=2024-05-01/hr=08/part-0-1-1.jsonl",
                "articles/dt=2024-05-01/hr=09/part-0-0-0.jsonl");
        assertThat(files(tmp.resolve("quarantine"))).containsExactly("dt=2024-05-02/part-0-2-2.jsonl");
        assertThat(result.nextOffsets()).isEqualTo(Map.of(P0, 4L));
        assertThat(result.archived()).isEqualTo(3);
        assertThat(result.quarantined()).isEqualTo(1);
        assertThat(writer.recover(P0)).hasValue(4);
        assertThat(ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC)).isEqualTo(Map.of("silgeom.articles:0", 4L));

        // A raw line is the record as received plus "_kafka".
        assertThat(lines(raw.resolve("articles/dt=2024-05-01/hr=09/part-0-0-0.jsonl"))).containsExactly(
                "{\"id\":\"a1\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T09:10:00Z\",\"title\":\"Flood in Seoul\","
                        + "\"_kafka\":{\"topic\":\"silgeom.articles\",\"partition\":0,\"offset\":0,\"timestamp\":\"2024-05-01T09:10:05Z\"}}");
        // A quarantine line is a dead letter, dated by arrival.
        DeadLetter dl = ArticleJson.decodeDeadLetter(lines(tmp.resolve("quarantine/dt=2024-05-02/part-0-2-2.jsonl")).get(0)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(dl.reason()).contains("source");
        assertThat(dl.receivedAt()).isEqualTo(Instant.parse("2024-05-02T00:00:01Z"));
        assertThat(dl.partition()).isZero();
        assertThat(dl.offset()).isEqualTo(2);
        assertThat(dl.raw()).isEqualTo("{\"id\":\"bad\",\"publishedAt\":\"2024-05-01T09:00:00Z\",\"title\":\"x\"}");
    }

    @Test
    void eachFlushAddsFilesAndMovesTheMarkerOnlyForwardKeepingOneMarkerPerPartition() throws IOException {
        ArchiveWriter writer = writer(fs);
        writer.write(List.of(article(0, 0, "a1", "2024-05-01T09:00:00Z", "2024-05-01T09:00:00Z"),
                article(1, 0, "b1", "2024-05-01T09:00:00Z", "2024-05-01T09:00:00Z")));

        writer.write(List.of(article(0, 1, "a2", "2024-05-01T09:01:00Z", "2024-05-01T09:01:00Z"),
                article(0, 2, "a3", "2024-05-01T09:02:00Z", "2024-05-01T09:02:00Z")));

        assertThat(files(raw)).containsExactly(
                "_offsets/silgeom.articles/0/2",
                "_offsets/silgeom.articles/1/0",
                "articles/dt=2024-05-01/hr=09/part-0-0-0.jsonl",
                "articles/dt=2024-05-01/hr=09/part-0-1-2.jsonl",
                "articles/dt=2024-05-01/hr=09/part-1-0-0.jsonl");
        assertThat(ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC))
                .isEqualTo(Map.of("silgeom.articles:0", 3L, "silgeom.articles:1", 1L));
    }

    @Test
    void aFlushCutShortByACrashIsDeletedOnRecoveryAndWrittenAgainExactlyOnce() throws IOException {
        // Flush 1 completes.
        writer(fs).write(List.of(article(0, 0, "a1", "2024-05-01T08:00:00Z", "2024-05-01T09:00:00Z")));
        // Flush 2 spans two hour directories; the process dies after the first rename.
        List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> flush2 = List.of(
                article(0, 1, "a2", "2024-05-01T08:30:00Z", "2024-05-01T10:00:01Z"),
                article(0, 2, "a3", "2024-05-01T09:30:00Z", "2024-05-01T10:00:02Z"));
        assertThatThrownBy(() -> writer(new CrashOnRename(fs, 2)).write(flush2)).isInstanceOf(IOException.class);
        assertThat(files(raw)).contains("articles/dt=2024-05-01/hr=08/part-0-1-1.jsonl",
                "articles/dt=2024-05-01/hr=09/.part-0-2-2.jsonl.tmp");

        // On restart: the renamed file and the temporary one of the incomplete flush go; reading resumes after flush 1.
        ArchiveWriter restarted = writer(fs);
        assertThat(restarted.recover(P0)).hasValue(1);
        assertThat(files(raw)).containsExactly(
                "_offsets/silgeom.articles/0/0",
                "articles/dt=2024-05-01/hr=08/part-0-0-0.jsonl");

        // The records are read again from Kafka and land once.
        restarted.write(flush2);
        assertThat(files(raw)).containsExactly(
                "_offsets/silgeom.articles/0/2",
                "articles/dt=2024-05-01/hr=08/part-0-0-0.jsonl",
                "articles/dt=2024-05-01/hr=08/part-0-1-1.jsonl",
                "articles/dt=2024-05-01/hr=09/part-0-2-2.jsonl");
    }

    @Test
    void aCrashAfterTheMarkerKeepsTheFlushAndOnlyClearsItsPendingList() throws IOException {
        ArchiveCommitLog log = new ArchiveCommitLog(fs, layout);
        writer(fs).write(List.of(article(0, 0, "a1", "2024-05-01T08:00:00Z", "2024-05-01T09:00:00Z")));
        // As if the process died between writing marker 0 and deleting the pending list of the same flush.
        log.beginFlush(TOPIC, 0, 0, List.of(new org.apache.hadoop.fs.Path(layout.rawHourDir(Instant.parse("2024-05-01T08:00:00Z")),
                "part-0-0-0.jsonl")));

        assertThat(log.recover(TOPIC, 0)).hasValue(1);

        assertThat(files(raw)).containsExactly(
                "_offsets/silgeom.articles/0/0",
                "articles/dt=2024-05-01/hr=08/part-0-0-0.jsonl");
    }

    @Test
    void aPartitionNeverArchivedIsReadFromTheBeginning() throws IOException {
        assertThat(writer(fs).recover(P1)).isEqualTo(OptionalLong.empty());
        assertThat(ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC)).isEmpty();
    }

    private ArchiveWriter writer(FileSystem f) {
        return new ArchiveWriter(f, layout, ArticleValidator.withDefaults(), CLOCK);
    }
}
