package io.silgeom.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.silgeom.core.config.CoreConfig;
import redis.clients.jedis.RedisClient;

class EmbeddedStackIT {
    private static final String ARTICLES = "silgeom.articles";

    @Test
    void startsKafkaAndRedisOnFreePortsAndLeavesNothingRunningAfterClose(@TempDir Path dir) throws Exception {
        EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, dir));
        int kafkaPort = stack.kafka().port();
        int redisPort = stack.redisPort();
        long redisPid = stack.redis().pid();
        List<String> redisAnsweredWhenServiceClosed = new ArrayList<>();
        try {
            // Settings for the layers point at this stack, not at the profile's localhost:9092.
            CoreConfig core = CoreConfig.from(stack.settings());
            assertThat(core.kafkaBootstrap()).isEqualTo(stack.kafkaBootstrap()).isEqualTo("127.0.0.1:" + kafkaPort);
            assertThat(core.redisPort()).isEqualTo(redisPort);
            assertThat(core.hdfsRoot()).isEqualTo(stack.hdfsRoot().toString())
                    .isEqualTo("file://" + dir.toRealPath().resolve("hdfs/silgeom"));
            assertThat(Files.isDirectory(stack.layout().hdfsRoot())).isTrue();

            // A record goes through the articles topic (4 partitions, as created by the stack).
            RecordMetadata sent = produce(stack.kafkaBootstrap(), "article-1", "{\"id\":\"article-1\"}");
            assertThat(sent.topic()).isEqualTo(ARTICLES);
            assertThat(consumeValue(stack.kafkaBootstrap(), new TopicPartition(ARTICLES, sent.partition())))
                    .isEqualTo("{\"id\":\"article-1\"}");
            // Everything published lies below the end offsets (what a demo batch run waits for the archiver to reach).
            Map<String, Long> ends = stack.kafka().endOffsets(ARTICLES);
            assertThat(ends).hasSize(4).containsEntry(ARTICLES + ":" + sent.partition(), sent.offset() + 1);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);

            // Redis answers.
            try (RedisClient redis = RedisClient.create(stack.redisHost(), redisPort)) {
                assertThat(redis.ping()).isEqualTo("PONG");
            }

            // A service tracked after start is closed before Redis, while Redis still answers.
            stack.track(() -> redisAnsweredWhenServiceClosed.add(ping(stack.redisHost(), redisPort)));
        } finally {
            stack.close();
        }

        assertThat(redisAnsweredWhenServiceClosed).containsExactly("PONG");
        assertThat(accepting(kafkaPort)).as("kafka port %d after close", kafkaPort).isFalse();
        assertThat(accepting(redisPort)).as("redis port %d after close", redisPort).isFalse();
        assertThat(ProcessHandle.of(redisPid).map(ProcessHandle::isAlive)).as("redis pid %d", redisPid)
                .isEmpty();
        assertThat(dir.resolve("redis").resolve(RedisServerProcess.PID_FILE)).doesNotExist();
        // The shutdown hook may close again after try-with-resources did.
        assertThatCode(stack::close).doesNotThrowAnyException();
    }

    @Test
    void aSecondRunOnTheSameWorkDirKeepsTheRecordsAndTheRedisData(@TempDir Path dir) throws Exception {
        // First run: one article in Kafka, one key in Redis.
        RecordMetadata sent;
        try (EmbeddedStack first = EmbeddedStack.start(new EmbeddedOptions(0, 0, dir))) {
            sent = produce(first.kafkaBootstrap(), "article-1", "first run");
            try (RedisClient redis = RedisClient.create(first.redisHost(), first.redisPort())) {
                redis.set("silgeom:test", "kept");
            }
        }

        // Second run, on other free ports: same cluster, same topics, the record and the key are still there.
        try (EmbeddedStack second = EmbeddedStack.start(new EmbeddedOptions(0, 0, dir))) {
            assertThat(consumeValue(second.kafkaBootstrap(), new TopicPartition(ARTICLES, sent.partition())))
                    .isEqualTo("first run");
            try (RedisClient redis = RedisClient.create(second.redisHost(), second.redisPort())) {
                assertThat(redis.get("silgeom:test")).isEqualTo("kept");
            }
        }
    }

    @Test
    void aFailureHalfwayThroughStartStopsKafkaAgain(@TempDir Path dir) throws Exception {
        int kafkaPort = LocalPorts.pickFree();
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName(LocalPorts.LOOPBACK))) {
            int takenRedisPort = squatter.getLocalPort();

            // Kafka starts, then Redis cannot have its port: start fails and names the port ...
            assertThatThrownBy(() -> EmbeddedStack.start(new EmbeddedOptions(kafkaPort, takenRedisPort, dir)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("redis port 127.0.0.1:" + takenRedisPort + " is already in use");
        }
        // ... and the broker it had started is gone again.
        assertThat(accepting(kafkaPort)).as("kafka port %d after failed start", kafkaPort).isFalse();
        assertThat(Files.exists(dir.resolve("kafka").resolve("server.properties"))).isTrue();
    }

    private static RecordMetadata produce(String bootstrap, String key, String value) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            return producer.send(new ProducerRecord<>(ARTICLES, key, value)).get();
        }
    }

    private static String consumeValue(String bootstrap, TopicPartition partition) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                return !values.isEmpty();
            });
            return values.get(0);
        }
    }

    private static String ping(String host, int port) {
        try (RedisClient redis = RedisClient.create(host, port)) {
            return redis.ping();
        }
    }

    private static boolean accepting(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LocalPorts.LOOPBACK, port), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
