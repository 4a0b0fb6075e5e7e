package io.silgeom.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once under SIGKILL (DESIGN.md §6): the archiver runs as a child JVM ({@link RawArchiverMain}, started like
 * {@code silgeom archive}) against a real Kafka broker while a replay of a few thousand records is produced; it is
 * killed with SIGKILL at random moments six times and restarted each time. Afterwards every record the broker
 * acknowledged, deliberate duplicates and invalid records included, is in the archive exactly once: the map
 * (partition, offset) → id read from HDFS equals the one the producer was told, and no position appears twice. Then
 * the day's 24 hour directories carry {@code _SUCCESS}. Subclasses choose the filesystem.
 */
abstract class ArchiverSigkillSuite {
    private static final String TOPIC = "silgeom.articles";
    private static final int RECORDS = 3000;
    private static final int KILLS = 6;
    private static final Instant FIRST_EVENT = Instant.parse("2024-05-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failure keeps the children's logs
    Path tmp;
    private KafkaBrokerForTests broker;
    private Process child;

    /** The archive root, {@code file://…} or {@code hdfs://…}. */
    abstract String archiveRoot() throws IOException;

    abstract FileSystem fileSystem() throws IOException;

    @BeforeEach
    void startBroker() throws Exception {
        broker = KafkaBrokerForTests.start(tmp.resolve("kafka"));
        broker.createTopic(TOPIC, 3);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyRecordLandsExactlyOnceAcrossSigkillsAndTheDayCloses() throws Exception {
        String root = archiveRoot();
        HdfsLayout layout = HdfsLayout.of(root);
        FileSystem fs = fileSystem();
        Map<Position, String> produced = new ConcurrentHashMap<>();
        CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> produce(produced));

        Random random = new Random();
        List<Long> archivedAtKill = new ArrayList<>();
        for (int kill = 1; kill <= KILLS; kill++) {
            child = startArchiver(root, kill);
            int run = kill;
            // RawArchiver logs its assignment at INFO: from then on it reads; the kill falls anywhere in the 2 s after...
            await(() -> Files.readString(logOf(run).toPath()).contains("archiver: assigned"), "archiver run " + run + " assigned");
            // ...and once it has archived something of its own: on a loaded machine (the HDFS suite especially) the
            // first flush can come later than any fixed delay, and a kill before it tests nothing.
            long before = archivedAtKill.isEmpty() ? 0 : archivedAtKill.get(archivedAtKill.size() - 1);
            await(() -> replay.isDone() || archivedCount(fs, layout) > before, "archiver run " + run + " archived something");
            long delayMs = random.nextInt(2000);
            Thread.sleep(delayMs);
            assertThat(child.isAlive()).as("archiver run %d still alive before its SIGKILL (see %s)", kill, logOf(kill)).isTrue();
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no close(), a flush may be cut anywhere
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            archivedAtKill.add(archivedCount(fs, layout));
            System.out.printf("archiver run %d: SIGKILL %d ms after its assignment, %d records archived%n", kill, delayMs,
                    archivedAtKill.get(kill - 1));
        }
        replay.get(60, TimeUnit.SECONDS);
        Map<String, Long> end = endOffsets(produced);
        // The kills fell while the replay was being archived, not before it began or after it was done.
        assertThat(archivedAtKill).as("records archived at each kill; logs in %s", tmp)
                .filteredOn(n -> n > 0 && n < RECORDS).hasSizeGreaterThanOrEqualTo(3);

        child = startArchiver(root, KILLS + 1);
        awaitArchived(fs, layout, end);
        await(() -> flags(fs, root).size() == 24, "all 24 hours of the replayed day closed: " + flags(fs, root));

        Map<Position, String> archived = readArchive(fs, root, end);
        long cutFlushes = 0;
        for (int run = 1; run <= KILLS + 1; run++) {
            cutFlushes += Files.readAllLines(logOf(run).toPath()).stream().filter(l -> l.contains("was incomplete")).count();
        }
        System.out.printf("%d SIGKILLs, %d partition flushes found cut short and rolled back on restart%n", KILLS, cutFlushes);
        assertThat(produced).hasSize(RECORDS);
        assertThat(archived).isEqualTo(produced);
        assertThat(flags(fs, root)).containsExactlyElementsOf(IntStream.range(0, 24)
                .mapToObj(h -> String.format("dt=2024-05-01/hr=%02d/_SUCCESS", h)).toList());
    }

    /**
     * The replay: ids {@code art-<i>} with event times 5 s apart (about four hours of 2024-05-01), every tenth record
     * a deliberate duplicate (an earlier article sent again: a separate record, archived as such), every 97th invalid
     * (no source: quarantined). About 3 s of records per second of the kill loop, so the kills fall inside it.
     */
    private void produce(Map<Position, String> produced) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < RECORDS; i++) {
                int article = i % 10 == 9 ? i - 7 : i;
                String id = "art-" + article;
                String source = i % 97 == 96 ? "" : "\"source\":\"news\",";
                String json = "{\"id\":\"" + id + "\"," + source + "\"publishedAt\":\"" + FIRST_EVENT.plusSeconds(5L * article)
                        + "\",\"title\":\"Flood in Seoul " + article + "\"}";
                producer.send(new ProducerRecord<>(TOPIC, id, json), (meta, e) -> {
                    if (e == null) {
                        produced.put(new Position(meta.partition(), meta.offset()), id);
                    }
                });
                if (i % 50 == 49) {
                    producer.flush();
                    Thread.sleep(300);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process startArchiver(String root, int run) throws IOException {
        Path hadoopDir = tmp.resolve("hadoop-" + run);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logback = tmp.resolve("logback-child.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="io.silgeom" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp, "-Dlogback.configurationFile=" + logback, "-cp", System.getProperty("java.class.path"),
                RawArchiverMain.class.getName(), hadoopDir.toString(),
                "kafka.bootstrap.servers=" + broker.bootstrapServers(),
                "kafka.topic.articles=" + TOPIC,
                "hdfs.root=" + root,
                "archive.flush.interval=100ms",
                "archive.roll.bytes=65536",
                "batch.group.instance.id=archiver-under-test",
                // NOTE: an HDFS file's close() waits until the namenode has the block; the client polls from 400 ms
                // on by default, which makes each flush of 3 partitions take ~2 s on a MiniDFSCluster.
                "hadoop:dfs.client.block.write.locateFollowingBlock.initial.delay.ms=20");
        pb.redirectErrorStream(true).redirectOutput(logOf(run));
        return pb.start();
    }

    private File logOf(int run) {
        return tmp.resolve("archiver-" + run + ".log").toFile();
    }

    private static long archivedCount(FileSystem fs, HdfsLayout layout) throws IOException {
        return ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC).values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<String, Long> endOffsets(Map<Position, String> produced) {
        Map<String, Long> end = new TreeMap<>();
        produced.keySet().forEach(pos -> end.merge(TOPIC + ":" + pos.partition(), pos.offset() + 1, Math::max));
        return end;
    }

    private void awaitArchived(FileSystem fs, HdfsLayout layout, Map<String, Long> end) throws Exception {
        await(() -> ArchiveCommitLog.archivedOffsets(fs, layout, TOPIC).equals(end), "archive caught up to " + end);
    }

    /**
     * Every data and quarantine line below the snapshot, as (partition, offset) → id; a position seen twice fails.
     * Nothing visible may lie past the snapshot either: the archiver is idle by now.
     */
    private static Map<Position, String> readArchive(FileSystem fs, String root, Map<String, Long> end) throws IOException {
        Map<Position, String> out = new HashMap<>();
        for (String dir : List.of(root + "/raw/articles", root + "/quarantine")) {
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
            while (it.hasNext()) {
                org.apache.hadoop.fs.Path file = it.next().getPath();
                if (OffsetRangeFileName.parse(file.getName()).isEmpty()) {
                    continue; // _SUCCESS, a hidden temporary file, a checksum
                }
                try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        JsonNode n = JSON.readTree(line);
                        boolean deadLetter = n.has("reason");
                        JsonNode pos = deadLetter ? n : n.get("_kafka");
                        Position p = new Position(pos.get("partition").asInt(), pos.get("offset").asLong());
                        String id = deadLetter ? JSON.readTree(n.get("raw").asText()).get("id").asText() : n.get("id").asText();
                        assertThat(p.offset()).as("%s in %s", p, file).isLessThan(end.get(TOPIC + ":" + p.partition()));
                        String before = out.put(p, id);
                        assertThat(before).as("%s archived twice (%s)", p, file).isNull();
                    }
                }
            }
        }
        return out;
    }

    private static List<String> flags(FileSystem fs, String root) throws IOException {
        List<String> out = new ArrayList<>();
        org.apache.hadoop.fs.Path base = new org.apache.hadoop.fs.Path(root + "/raw/articles");
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(base, true);
        while (it.hasNext()) {
            String p = it.next().getPath().toUri().getPath();
            if (p.endsWith("/_SUCCESS")) {
                out.add(p.substring(base.toUri().getPath().length() + 1));
            }
        }
        out.sort(null);
        return out;
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }

    /** A Kafka record's place in the topic. */
    record Position(int partition, long offset) {
    }
}
