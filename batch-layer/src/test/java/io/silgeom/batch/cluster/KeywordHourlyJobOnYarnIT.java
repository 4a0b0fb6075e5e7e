package io.silgeom.batch.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.archive.ArchiveCommitLog;
import io.silgeom.batch.archive.ArchiveWriter;
import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.config.LocalHadoopConfiguration;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.core.validation.ArticleValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.util.JarFinder;
import org.apache.hadoop.util.ToolRunner;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly keyword job on a real YARN cluster: a MiniMRYarnCluster (ResourceManager, NodeManager, MapReduce
 * application masters and tasks in their own JVMs) over a MiniDFSCluster. The job is submitted the way a cluster
 * node submits it: a fresh {@code new Configuration()} (what {@code --profile cluster} uses) plus the cluster's site
 * file ({@code -conf}), the job parameters as {@code -D}, and a job jar. Its view must equal, line for line, the
 * view LocalJobRunner computes from the same archive, and the counts of one keyword are checked against counts made
 * here independently.
 */
class KeywordHourlyJobOnYarnIT {
    private static final String TOPIC = "silgeom.articles";
    private static final Instant CUTOFF = Instant.parse("2024-05-01T10:00:00Z");
    private static final String[] TITLES = {"Flood in Seoul", "Market rally in Busan", "Election debate in Daegu"};

    private static MiniDFSCluster dfs;
    private static MiniMRYarnCluster yarn;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startCluster() {
        long start = System.nanoTime();
        Configuration conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, Path.of(System.getProperty("java.io.tmpdir"), "minidfs-" + UUID.randomUUID()).toString());
        try {
            dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
            dfs.waitActive();
            Configuration yarnConf = new Configuration(conf);
            yarnConf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
            // Small containers: two cores, an application master and a task or two at a time.
            yarnConf.setInt("yarn.scheduler.minimum-allocation-mb", 128);
            yarnConf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
            // Every container is a new JVM on a large classpath: the C1 compiler alone starts them faster.
            yarnConf.set("yarn.app.mapreduce.am.command-opts", "-Xmx384m -XX:TieredStopAtLevel=1");
            yarnConf.setInt("mapreduce.map.memory.mb", 512);
            yarnConf.setInt("mapreduce.reduce.memory.mb", 512);
            yarnConf.set("mapreduce.map.java.opts", "-Xmx384m -XX:TieredStopAtLevel=1");
            yarnConf.set("mapreduce.reduce.java.opts", "-Xmx384m -XX:TieredStopAtLevel=1");
            // The reducer's container starts when the maps are done, not beside them on two cores.
            yarnConf.setFloat("mapreduce.job.reduce.slowstart.completedmaps", 1.0f);
            // Containers are handed out on heartbeats (1 s by default): shorter ones make a small job much quicker.
            yarnConf.setInt("yarn.resourcemanager.nodemanagers.heartbeat-interval-ms", 200);
            yarnConf.setInt("yarn.app.mapreduce.am.scheduler.heartbeat.interval-ms", 200);
            yarnConf.setLong("yarn.nodemanager.sleep-delay-before-sigkill.ms", 0);
            yarnConf.setLong("yarn.nodemanager.process-kill-wait.ms", 100);
            yarn = new MiniMRYarnCluster("silgeom-keyword-hourly", 1);
            yarn.init(yarnConf);
            yarn.start();
            System.out.printf("MiniDFSCluster + MiniMRYarnCluster started in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new IllegalStateException("MiniDFSCluster did not start: " + e.getMessage(), e);
        }
    }

    @AfterAll
    static void stopCluster() {
        long start = System.nanoTime();
        if (yarn != null) {
            yarn.stop();
            System.out.printf("MiniMRYarnCluster stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        }
        if (dfs != null) {
            dfs.shutdown(true);
        }
        System.out.printf("clusters stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void theKeywordJobOnYarnWritesTheViewLocalJobRunnerWrites() throws Exception {
        FileSystem fs = dfs.getFileSystem();
        String root = fs.getUri() + "/silgeom";
        HdfsLayout layout = HdfsLayout.of(root);
        Map<String, Integer> floodPerHour = writeArchive(fs, layout);
        Map<String, Long> snapshot = ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC);

        // LocalJobRunner (the embedded stack's way) over the hdfs:// archive.
        Configuration local = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        KeywordHourlyJob.configure(local, CUTOFF, snapshot);
        assertThat(ToolRunner.run(local, new KeywordHourlyJob(), new String[] {root, "v-local"})).isZero();

        // YARN: the cluster's site file, the parameters as -D, a job jar built from the job's classes.
        Path site = tmp.resolve("cluster-site.xml");
        try (OutputStream out = Files.newOutputStream(site)) {
            yarn.getConfig().writeXml(out);
        }
        Configuration params = new Configuration(false);
        KeywordHourlyJob.configure(params, CUTOFF, snapshot);
        String jobJar = JarFinder.getJar(KeywordHourlyJob.class);
        long yarnStart = System.nanoTime();
        int rc = ToolRunner.run(new Configuration(), new KeywordHourlyJob(), new String[] {
                "-conf", site.toString(),
                "-D", "mapreduce.job.jar=" + jobJar,
                "-D", "mapreduce.client.completion.pollinterval=200",
                "-D", KeywordHourlyJob.CONF_CUTOFF + "=" + params.get(KeywordHourlyJob.CONF_CUTOFF),
                "-D", KeywordHourlyJob.CONF_OFFSETS + "=" + params.get(KeywordHourlyJob.CONF_OFFSETS),
                root, "v-yarn"});
        assertThat(rc).isZero();
        System.out.printf("keyword-hourly on YARN: %d ms%n", (System.nanoTime() - yarnStart) / 1_000_000);

        // The job ran as one YARN application and succeeded.
        List<RMApp> apps = new ArrayList<>(yarn.getResourceManager().getRMContext().getRMApps().values());
        assertThat(apps).hasSize(1).allSatisfy(app -> assertThat(app.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED));

        List<String> onYarn = view(fs, layout, "v-yarn");
        assertThat(onYarn).isNotEmpty().isEqualTo(view(fs, layout, "v-local"));
        Map<String, Integer> floodOnYarn = new TreeMap<>();
        onYarn.stream().map(l -> l.split("\t")).filter(c -> c[3].equals("flood"))
                .forEach(c -> floodOnYarn.merge(c[0], Integer.parseInt(c[5]), Integer::sum));
        assertThat(floodOnYarn).isEqualTo(floodPerHour);
    }

    /**
     * 300 records over hours 06 and 07 in two partitions, every fifth one a copy of an earlier article (counted once),
     * written with the archiver's own writer in one flush: four files, so four map tasks. Returns the distinct
     * "Flood in Seoul" articles per hour, counted here without the job.
     */
    private static Map<String, Integer> writeArchive(FileSystem fs, HdfsLayout layout) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<String, Set<Integer>> floodIds = new TreeMap<>();
        long[] nextOffset = new long[2];
        for (int i = 0; i < 300; i++) {
            int article = i % 5 == 4 ? i - 3 : i;
            Instant published = Instant.parse("2024-05-01T06:00:00Z").plusSeconds(20L * article);
            String title = TITLES[article % TITLES.length];
            int partition = article % 2;
            String json = "{\"id\":\"a" + article + "\",\"source\":\"news\",\"lang\":\"en\",\"publishedAt\":\"" + published
                    + "\",\"title\":\"" + title + "\"}";
            byte[] value = json.getBytes(StandardCharsets.UTF_8);
            records.add(new ConsumerRecord<>(TOPIC, partition, nextOffset[partition]++, published.toEpochMilli() + 1000,
                    TimestampType.CREATE_TIME, 0, value.length, null, value, new RecordHeaders(), Optional.empty()));
            if (title.startsWith("Flood")) {
                floodIds.computeIfAbsent(hourId(published), h -> new HashSet<>()).add(article);
            }
        }
        ArchiveWriter writer = new ArchiveWriter(fs, layout, ArticleValidator.withDefaults(),
                Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC));
        writer.write(records);
        Map<String, Integer> counts = new TreeMap<>();
        floodIds.forEach((h, ids) -> counts.put(h, ids.size()));
        return counts;
    }

    private static String hourId(Instant t) {
        return io.silgeom.core.time.TimeBuckets.hourId(t);
    }

    private static List<String> view(FileSystem fs, HdfsLayout layout, String version) throws IOException {
        List<String> lines = new ArrayList<>();
        for (FileStatus st : fs.listStatus(layout.keywordHourlyView(version))) {
            if (!st.getPath().getName().startsWith("part-")) {
                continue;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            }
        }
        lines.sort(null);
        return lines;
    }
}
