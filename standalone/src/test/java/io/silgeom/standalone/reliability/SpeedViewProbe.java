package io.silgeom.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.silgeom.core.article.Article;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.SpeedViewSums;
import io.silgeom.core.text.Analysis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import redis.clients.jedis.RedisClient;

/**
 * Reads the speed view as the serving layer would (the current generation's all:all hour buckets) and the offsets
 * stored with it; waits until the speed layer has applied every record Kafka holds.
 */
final class SpeedViewProbe implements AutoCloseable {
    private final RedisClient redis;
    private final KafkaConsumer<byte[], byte[]> kafka;
    private final String topic;

    SpeedViewProbe(String redisHost, int redisPort, String bootstrap, String topic) {
        this.redis = RedisClient.create(redisHost, redisPort);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.kafka = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    RedisClient redis() {
        return redis;
    }

    String generation() {
        String current = redis.get(RedisKeys.SPEED_CURRENT);
        return current == null ? RedisKeys.INITIAL_SPEED_GENERATION : current;
    }

    /** partition → offset after the last record Kafka holds. */
    Map<Integer, Long> endOffsets() {
        List<TopicPartition> partitions = kafka.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<Integer, Long> ends = new TreeMap<>();
        kafka.endOffsets(partitions).forEach((tp, o) -> ends.put(tp.partition(), o));
        return ends;
    }

    /** partition → next offset to apply, as stored in Redis with the counts (last applied + 1; 0 if none). */
    Map<Integer, Long> appliedPositions() {
        Map<String, String> stored = redis.hgetAll(RedisKeys.speedOffsets(generation()));
        Map<Integer, Long> positions = new TreeMap<>();
        for (int p : endOffsets().keySet()) {
            String o = stored.get(RedisKeys.offsetField(topic, p));
            positions.put(p, o == null ? 0 : Long.parseLong(o) + 1);
        }
        return positions;
    }

    /** Waits until the offsets stored in Redis reach the end of every partition. */
    void awaitAllApplied(Duration atMost) {
        Map<Integer, Long> ends = endOffsets();
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .untilAsserted(() -> assertThat(appliedPositions()).isEqualTo(ends));
    }

    /** hourId → canonical keyword → count in all:all (the sum of the leaves), for the hours that have a bucket. */
    Map<String, Map<String, Long>> hours(List<String> hourIds) {
        String gen = generation();
        Map<String, Map<String, Long>> view = new TreeMap<>();
        for (String h : hourIds) {
            Map<String, String> bucket = SpeedViewSums.hour(redis, gen, h, Slice.TOTAL);
            if (!bucket.isEmpty()) {
                Map<String, Long> counts = new TreeMap<>();
                bucket.forEach((k, v) -> counts.put(k, Long.parseLong(v)));
                view.put(h, counts);
            }
        }
        return view;
    }

    /** hourId → articles counted (all:all), for the hours that have one. */
    Map<String, Long> docs(List<String> hourIds) {
        String gen = generation();
        Map<String, Long> docs = new TreeMap<>();
        for (String h : hourIds) {
            if (redis.exists(RedisKeys.speedDocsHour(gen, h))) {
                docs.put(h, SpeedViewSums.docs(redis, gen, h, Slice.TOTAL));
            }
        }
        return docs;
    }

    /** The speed view equals what the stream's articles must give: zero difference, keyword by keyword, hour by hour. */
    void assertExact(ArticleStream stream, Function<Article, Analysis> analysis) {
        List<String> hourIds = stream.hourIds();
        Map<String, Map<String, Long>> expected = stream.expectedHours(analysis);
        Map<String, Map<String, Long>> actual = hours(hourIds);
        assertThat(difference(expected, actual)).as("keywords whose hour count differs (expected, actual)").isEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(docs(hourIds)).as("articles per hour").isEqualTo(stream.expectedDocs(analysis));
    }

    /** "hour/keyword" → [expected, actual], for every count that differs; empty when the view is exact. */
    static Map<String, List<Long>> difference(Map<String, Map<String, Long>> expected, Map<String, Map<String, Long>> actual) {
        Map<String, List<Long>> diff = new TreeMap<>();
        Map<String, Map<String, Long>> all = new HashMap<>(expected);
        actual.forEach((h, m) -> all.merge(h, m, (a, b) -> a));
        for (String h : all.keySet()) {
            Map<String, Long> e = expected.getOrDefault(h, Map.of());
            Map<String, Long> a = actual.getOrDefault(h, Map.of());
            Map<String, Long> keys = new HashMap<>(e);
            keys.putAll(a);
            for (String k : keys.keySet()) {
                long ev = e.getOrDefault(k, 0L);
                long av = a.getOrDefault(k, 0L);
                if (ev != av) {
                    diff.put(h + "/" + k, List.of(ev, av));
                }
            }
        }
        return diff;
    }

    @Override
    public void close() {
        kafka.close();
        redis.close();
    }
}
