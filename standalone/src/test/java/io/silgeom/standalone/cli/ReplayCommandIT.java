package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.silgeom.standalone.embedded.EmbeddedKafkaBroker;
import picocli.CommandLine;

/** {@code silgeom replay} end to end against a real broker: articles to the articles topic, the rest to the DLQ. */
class ReplayCommandIT {
    private static final String ARTICLES = "silgeom.articles";
    private static final String DLQ = "silgeom.articles.dlq";

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
    void fourArticlesAndOneDeadLetterFromFiveLines() throws Exception {
        Path file = Files.writeString(dir.resolve("articles.jsonl"), String.join("\n",
                "{\"id\":\"it-1\",\"source\":\"news\",\"title\":\"삼성전자 반도체 투자\",\"publishedAt\":\"2026-11-25T10:00:00Z\"}",
                "{\"id\":\"it-2\",\"source\":\"news\",\"title\":\"Typhoon nears Busan\",\"publishedAt\":\"2026-11-25T10:01:00Z\"}",
                "this line is not JSON",
                "{\"id\":\"it-3\",\"title\":\"#WorldSeries game 7\",\"publishedAt\":\"2026-11-25T10:02:00Z\"}",
                "{\"id\":\"it-4\",\"source\":\"news\",\"title\":\"태풍 북상\",\"publishedAt\":\"2026-11-25T10:03:00Z\"}")
                + "\n", StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine silgeom = SilgeomCommand.commandLine();
        silgeom.setOut(new PrintWriter(out, true));
        silgeom.setErr(new PrintWriter(err, true));

        Instant before = Instant.now();
        int exit = silgeom.execute("replay", file.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--source", "social", "--id-prefix", "r-");

        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString()).startsWith("replay articles.jsonl: 5 rows, 4 published, 1 dead-lettered (not valid JSON")
                .contains("Kafka acknowledged 5 of 5");

        List<ConsumerRecord<String, String>> articles = readAll(ARTICLES, 4);
        assertThat(articles).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("r-it-1", "r-it-2", "r-it-3", "r-it-4");
        // --source fills the line without one; the default --time-shift now moved the last event time to the start.
        assertThat(articles).filteredOn(r -> r.key().equals("r-it-3")).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("\"source\":\"social\""));
        assertThat(articles).filteredOn(r -> r.key().equals("r-it-4")).singleElement()
                .satisfies(r -> assertThat(Instant.parse(publishedAt(r.value()))).isAfterOrEqualTo(before.minusSeconds(1)));

        List<ConsumerRecord<String, String>> deadLetters = readAll(DLQ, 1);
        assertThat(deadLetters).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("articles.jsonl:3");
            assertThat(r.value()).contains("not valid JSON", "this line is not JSON");
        });
    }

    @Test
    void aCsvFileWithAQuotedNewlineReplaysOnTheShippedClasspath() throws Exception {
        // commons-csv needs a newer commons-io than Hadoop brings: this fails with NoClassDefFoundError if the
        // parent pom stops aligning them. Its own topics, so the other test's records do not mix in.
        kafka.createTopics(Map.of("csv.articles", 1, "csv.dlq", 1));
        Path config = Files.writeString(dir.resolve("csv.properties"),
                "kafka.topic.articles=csv.articles\nkafka.topic.dlq=csv.dlq\n", StandardCharsets.UTF_8);
        Path file = Files.writeString(dir.resolve("tweets.csv"), String.join("\n",
                "event,tweet_id,created_at_utc,text,label",
                "2013_Boston_Bombings,1,2013-04-15 18:50:00,\"Explosion at the Boston\nMarathon finish line\",on-topic",
                "2013_Boston_Bombings,2,2013-04-15 18:51:00,Praying for Boston,on-topic") + "\n", StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine silgeom = SilgeomCommand.commandLine();
        silgeom.setOut(new PrintWriter(new StringWriter(), true));
        silgeom.setErr(new PrintWriter(err, true));

        int exit = silgeom.execute("replay", file.toString(), "--config", config.toString(), "--bootstrap",
                kafka.bootstrapServers(), "--format", "csv", "--map", "id=tweet_id", "--map", "publishedAt=created_at_utc",
                "--map", "title=text", "--source", "social", "--lang", "en");

        assertThat(exit).as("stderr: %s", err).isZero();
        List<ConsumerRecord<String, String>> articles = readAll("csv.articles", 2);
        assertThat(articles).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("1", "2");
        assertThat(articles).filteredOn(r -> r.key().equals("1")).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("Boston\\nMarathon"));
    }

    private static String publishedAt(String json) {
        int at = json.indexOf("\"publishedAt\":\"") + "\"publishedAt\":\"".length();
        return json.substring(at, json.indexOf('"', at));
    }

    /** Everything in the topic, reading until {@code expected} records are in or 10 s have passed. */
    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // One more short poll: a record beyond the expected ones must show up as a failure, not be left unread.
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records;
        }
    }
}
