package io.silgeom.batch.archive;

import static io.silgeom.batch.archive.TestRecords.TOPIC;
import static io.silgeom.batch.archive.TestRecords.article;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.batch.config.LocalHadoopConfiguration;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.core.validation.ArticleValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.util.ToolRunner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive on a real HDFS (MiniDFSCluster: a namenode and one datanode in this JVM): the write, crash, recover,
 * rewrite story of {@link ArchiveWriterTest} against HDFS's own rename and delete, then the batch job reading it
 * through an {@code hdfs://} root.
 */
class ArchiveOnHdfsIT {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-02T00:00:00Z"), ZoneOffset.UTC);
    private static MiniDFSCluster cluster;
    private static DistributedFileSystem fs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new HdfsConfiguration();
        // java.io.tmpdir is target/ under Maven: the cluster's name and data dirs stay in the build directory.
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "minidfs-" + UUID.randomUUID());
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void archivesRecoversAndFeedsTheBatchJobOnHdfs() throws Exception {
        String root = fs.getUri() + "/silgeom";
        HdfsLayout layout = HdfsLayout.of(root);
        ArchiveWriter writer = new ArchiveWriter(fs, layout, ArticleValidator.withDefaults(), CLOCK);

        // Flush 1 completes.
        writer.write(List.of(
                article(0, 0, "a0", "2024-05-01T08:10:00Z", "2024-05-01T09:00:00Z"),
                article(1, 0, "b0", "2024-05-01T09:10:00Z", "2024-05-01T09:10:00Z")));
        // Flush 2 dies after its first rename.
        List<ConsumerRecord<byte[], byte[]>> flush2 = List.of(
                article(0, 1, "a1", "2024-05-01T08:20:00Z", "2024-05-01T10:00:00Z"),
                article(0, 2, "a2", "2024-05-01T09:20:00Z", "2024-05-01T10:00:00Z"));
        assertThatThrownBy(() -> new ArchiveWriter(new CrashOnRename(fs, 2), layout, ArticleValidator.withDefaults(), CLOCK)
                .write(flush2)).isInstanceOf(IOException.class);
        assertThat(list(root + "/raw/articles")).contains("dt=2024-05-01/hr=08/part-0-1-1.jsonl");

        // Restart: recovery removes flush 2's files and says where to read again.
        assertThat(writer.recover(new TopicPartition(TOPIC, 0))).hasValue(1);
        assertThat(writer.recover(new TopicPartition(TOPIC, 1))).hasValue(1);
        assertThat(list(root + "/raw/articles")).containsExactly(
                "dt=2024-05-01/hr=08/part-0-0-0.jsonl",
                "dt=2024-05-01/hr=09/part-1-0-0.jsonl");

        writer.write(flush2);
        assertThat(list(root + "/raw")).containsExactly(
                "_offsets/silgeom.articles/0/2",
                "_offsets/silgeom.articles/1/0",
                "articles/dt=2024-05-01/hr=08/part-0-0-0.jsonl",
                "articles/dt=2024-05-01/hr=08/part-0-1-1.jsonl",
                "articles/dt=2024-05-01/hr=09/part-0-2-2.jsonl",
                "articles/dt=2024-05-01/hr=09/part-1-0-0.jsonl");
        Map<String, Long> offsets = ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC);
        assertThat(offsets).isEqualTo(Map.of("silgeom.articles:0", 3L, "silgeom.articles:1", 1L));

        // The batch job reads the hdfs:// archive (LocalJobRunner, data on HDFS): four English articles, "Flood in Seoul" (no lang given: detected).
        Configuration jobConf = LocalHadoopConfiguration.create(tmp);
        KeywordHourlyJob.configure(jobConf, Instant.parse("2024-05-01T10:00:00Z"), offsets);
        assertThat(ToolRunner.run(jobConf, new KeywordHourlyJob(), new String[] {root, "v1"})).isZero();
        assertThat(read(root + "/views/keyword_hourly/v=v1/part-r-00000")).containsExactly(
                "2024050108\ten\tnews\tflood\tFlood\t2",
                "2024050108\ten\tnews\tseoul\tSeoul\t2",
                "2024050109\ten\tnews\tflood\tFlood\t2",
                "2024050109\ten\tnews\tseoul\tSeoul\t2");
    }

    private static List<String> list(String dir) throws IOException {
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(dir);
        List<String> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
        while (it.hasNext()) {
            String p = it.next().getPath().toUri().getPath();
            out.add(p.substring(base.toUri().getPath().length() + 1));
        }
        out.sort(null);
        return out;
    }

    private static List<String> read(String file) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(new org.apache.hadoop.fs.Path(file)), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                out.add(l);
            }
        }
        return out;
    }
}
