package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.ingest.collect.EdgeFuzzCorpus;
import io.silgeom.standalone.embedded.EmbeddedKafkaBroker;
import picocli.CommandLine;

/**
 * The edge fuzz corpus through {@code silgeom collect fuzz} into a real broker: nothing crashes, every bad record is
 * in the DLQ with its reason and source, every good record is on the articles topic exactly once, byte for byte.
 */
class CollectEdgeFuzzIT {
    private static final String ARTICLES = "silgeom.articles";
    private static final String DLQ = "silgeom.articles.dlq";
    private static final int GOOD = 300;

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaBroker.start(0, dir.resolve("kafka"));
        kafka.createTopics(Map.of(ARTICLES, 4, DLQ, 1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyBadRecordIsInTheDlqAndEveryGoodOneArrivesExactlyOnce() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine silgeom = SilgeomCommand.commandLine();
        silgeom.setOut(new PrintWriter(out, true));
        silgeom.setErr(new PrintWriter(err, true));

        int exit = silgeom.execute("collect", "fuzz", "--good", Integer.toString(GOOD), "--seed", "11",
                "--bootstrap", kafka.bootstrapServers());

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("collect fuzz: ").contains("300 published (of 300 good)",
                "30 repeats dropped (of 30)");

        // The same corpus the command built (same seed, same good count; ids differ by run time, so compare by label).
        List<EdgeFuzzCorpus.FuzzRecord> corpus = EdgeFuzzCorpus.build(11, GOOD, java.time.Instant.EPOCH);
        long bad = corpus.stream().filter(r -> !r.good()).count();

        List<ConsumerRecord<String, byte[]>> articles = readAll(ARTICLES, 4, GOOD);
        assertThat(articles).hasSize(GOOD);
        assertThat(articles.stream().map(ConsumerRecord::key).distinct().count()).isEqualTo(GOOD);
        // What arrived is what was offered: HTML, scripts and escaped control characters unchanged.
        Map<String, byte[]> offered = corpus.stream().filter(r -> r.good() && !r.repeat())
                .collect(Collectors.toMap(r -> r.goodId().substring(r.goodId().lastIndexOf('-')), r -> r.raw()));
        for (ConsumerRecord<String, byte[]> a : articles) {
            String title = ArticleJson.decodeTree(a.value()).path("title").asText();
            assertThat(title).contains("<script>alert('x").contains("\u0001\u0007\u001b[31m");
            byte[] expected = offered.get(a.key().substring(a.key().lastIndexOf('-')));
            assertThat(withoutIdAndTime(a.value())).isEqualTo(withoutIdAndTime(expected));
        }

        List<ConsumerRecord<String, byte[]>> dead = readAll(DLQ, 1, (int) bad);
        assertThat(dead).hasSize((int) bad);
        List<DeadLetter> letters = dead.stream().map(r -> ArticleJson.decodeDeadLetter(r.value())).toList();
        assertThat(dead).allSatisfy(r -> assertThat(r.key()).isEqualTo("fuzz"));
        assertThat(letters).allSatisfy(d -> {
            assertThat(d.reason()).endsWith("[source: fuzz]");
            assertThat(d.partition()).isEqualTo(-1);
        });
        // The 10 MB records are there too, cut to what Kafka takes, with their full size in the reason.
        assertThat(letters).filteredOn(d -> d.reason().contains("larger than the limit")).hasSize(2)
                .allSatisfy(d -> assertThat(d.raw()).contains("…(cut; "));
        assertThat(letters).extracting(DeadLetter::reason).anySatisfy(r -> assertThat(r).contains("malformed UTF-8"))
                .anySatisfy(r -> assertThat(r).startsWith("publishedAt: 9999-12-31T23:59:59Z"))
                .anySatisfy(r -> assertThat(r).startsWith("url: expected an absolute http"));
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int partitions, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 << 20);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Read past the expected count for a moment: a duplicate would show up as one record too many.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                if (all.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return all;
    }

    /** The record without the two fields that depend on the run's start time. */
    private static String withoutIdAndTime(byte[] json) throws java.io.IOException {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) ArticleJson.decodeTree(json);
        node.remove("id");
        node.remove("publishedAt");
        return node.toString();
    }
}
