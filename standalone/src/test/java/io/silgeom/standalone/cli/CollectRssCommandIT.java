package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import io.silgeom.standalone.embedded.EmbeddedKafkaBroker;
import picocli.CommandLine;

/**
 * {@code silgeom collect rss --once} end to end: a feed on a local HTTP server into a real broker; run twice on one
 * state directory, the second run produces nothing (and a feed that is down is reported, not fatal).
 */
class CollectRssCommandIT {
    private static final String ARTICLES = "silgeom.articles";
    private static final String DLQ = "silgeom.articles.dlq";
    private static final String FEED = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            + "<title>t</title><link>https://news.example.com/</link><description>d</description><language>ko</language>"
            + "<item><guid>n-1</guid><title>태풍 북상, 제주 항공편 결항</title><link>https://news.example.com/1</link>"
            + "<pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate></item>"
            + "<item><guid>n-2</guid><title>Typhoon nears Busan</title><link>https://news.example.com/2</link>"
            + "<description>&lt;p&gt;Flights cancelled&lt;/p&gt;</description>"
            + "<pubDate>Wed, 25 Nov 2026 09:05:00 GMT</pubDate></item></channel></rss>";

    @TempDir
    static Path dir;

    private static EmbeddedKafkaBroker kafka;
    private static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaBroker.start(0, dir.resolve("kafka"));
        kafka.createTopics(Map.of(ARTICLES, 2, DLQ, 1));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/news.rss", ex -> {
            byte[] body = FEED.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.stop(0);
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void eachItemOnceAcrossTwoRunsAndADownFeedIsReported() throws Exception {
        int port = http.getAddress().getPort();
        Path feeds = Files.writeString(dir.resolve("feeds.txt"), "# test feeds\n"
                + "http://127.0.0.1:" + port + "/news.rss 1m name=testnews\n"
                + "http://127.0.0.1:" + port + "/gone.rss name=gone\n");
        // Redis deliberately unreachable: the collector runs without a status.
        Path config = Files.writeString(dir.resolve("silgeom.properties"), "redis.port=1\n");
        Path state = dir.resolve("state");

        String first = run(feeds, config, state);
        String second = run(feeds, config, state);

        assertThat(first).isEqualTo("collect rss: 2 feeds, 2 published, 0 dead-lettered, 0 duplicates; failing: gone "
                + "(HTTP 404 from http://127.0.0.1:" + port + "/gone.rss); Kafka acknowledged 2 of 2");
        assertThat(second).startsWith("collect rss: 2 feeds, 0 published,");
        List<ConsumerRecord<String, String>> articles = readAll();
        assertThat(articles).hasSize(2);
        assertThat(articles).extracting(ConsumerRecord::value)
                .anySatisfy(v -> assertThat(v).contains("\"site\":\"testnews\"", "\"lang\":\"ko\"",
                        "\"title\":\"태풍 북상, 제주 항공편 결항\"", "\"publishedAt\":\"2026-11-25T09:00:00Z\""))
                .anySatisfy(v -> assertThat(v).contains("\"lang\":\"en\"", "\"body\":\"Flights cancelled\""));
        assertThat(state.resolve("rss-state.json")).exists();
    }

    private static String run(Path feeds, Path config, Path state) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine silgeom = SilgeomCommand.commandLine();
        silgeom.setOut(new PrintWriter(out, true));
        silgeom.setErr(new PrintWriter(err, true));
        int exit = silgeom.execute("collect", "rss", "--feeds", feeds.toString(), "--state-dir", state.toString(),
                "--once", "--config", config.toString(), "--bootstrap", kafka.bootstrapServers());
        assertThat(exit).as("stderr: %s", err).isZero();
        return out.toString().strip();
    }

    private static List<ConsumerRecord<String, String>> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = List.of(new TopicPartition(ARTICLES, 0), new TopicPartition(ARTICLES, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
