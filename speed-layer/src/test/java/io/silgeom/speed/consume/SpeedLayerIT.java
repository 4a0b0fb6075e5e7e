package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.config.Settings;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.SpeedViewSums;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.speed.config.SpeedConfig;

import java.nio.charset.StandardCharsets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


/**
 * The consumer loop with Kafka's MockConsumer/MockProducer standing in for the broker and a real
 * redis-server for the speed view. (The end-to-end test against a real broker lives in the standalone module.)
 */
class SpeedLayerIT {
    private static final String TOPIC = "silgeom.articles";
    private static final String DLQ = "silgeom.articles.dlq";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant PUBLISHED = NOW.minus(Duration.ofMinutes(10));
    /** Language as given, keywords = the title's words: enough to see what was counted. */
    private static final ArticleAnalyzer TITLE_WORDS = article -> new Analysis(article.langIfKnown().orElse("und"),
            Arrays.stream(article.title().toLowerCase(Locale.ROOT).split("\\s+"))
                    .map(w -> new Keyword(w, w)).collect(Collectors.toSet()));

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private MockConsumer<byte[], byte[]> consumer;
    private MockProducer<byte[], byte[]> producer;
    /** What the layer committed to Kafka, readable after the consumer is closed. */
    private final Map<TopicPartition, Long> kafkaCommitted = new ConcurrentHashMap<>();
    private SpeedLayer layer;

    @AfterEach
    void closeLayer() {
        if (layer != null) {
            layer.close();
        }
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheOffsetStillMovesOn() {
        startLayer();
        consumer.addRecord(record(0, "a1", article("a1", "election day")));
        consumer.addRecord(record(1, "bad", "{\"id\":\"bad\",\"source\":\"tv\",\"publishedAt\":\"" + PUBLISHED + "\",\"title\":\"x\"}"));
        consumer.addRecord(record(2, "a2", article("a2", "election night")));

        layer.pollOnce();
        layer.flush();

        List<ProducerRecord<byte[], byte[]>> dead = producer.history();
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).topic()).isEqualTo(DLQ);
        assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("bad");
        DeadLetter letter = ArticleJson.decodeDeadLetter(dead.get(0).value());
        assertThat(letter.reason()).contains("source");
        assertThat(letter.topic()).isEqualTo(TOPIC);
        assertThat(letter.partition()).isZero();
        assertThat(letter.offset()).isEqualTo(1);
        assertThat(letter.raw()).contains("\"source\":\"tv\"");
        assertThat(letter.receivedAt()).isEqualTo(NOW);
        assertThat(allHour()).isEqualTo(Map.of("election", "2", "day", "1", "night", "1"));
        assertThat(storedOffset()).isEqualTo("2");
        assertThat(layer.stats()).isEqualTo(new SpeedStats(2, 0, 0, 1, 0));

        // A flush that read nothing but an invalid record still moves the stored offset past it.
        consumer.addRecord(record(3, "junk", "not json"));
        layer.pollOnce();
        layer.flush();

        assertThat(producer.history()).hasSize(2);
        assertThat(storedOffset()).isEqualTo("3");
        assertThat(consumer.committed(Set.of(TP)).get(TP).offset()).isEqualTo(4);
        assertThat(allHour()).containsEntry("election", "2");
    }

    @Test
    void aRestartResumesFromTheOffsetInRedisNotFromKafka() {
        startLayer();
        consumer.addRecord(record(0, "a1", article("a1", "election")));
        consumer.addRecord(record(1, "a2", article("a2", "election")));
        consumer.addRecord(record(2, "a3", article("a3", "election")));
        layer.pollOnce();
        layer.flush();
        layer.close();
        assertThat(consumer.closed()).isTrue();

        // A new consumer with no committed offset would start at the earliest (0); Redis says 2 was applied.
        startLayer();
        assertThat(consumer.position(TP)).isEqualTo(3);
        // The partition holds everything again plus two new records: only 3 and 4 are read.
        for (int i = 0; i < 5; i++) {
            consumer.addRecord(record(i, "a" + (i + 1), article("a" + (i + 1), "election")));
        }
        layer.pollOnce();
        layer.flush();

        assertThat(layer.stats()).isEqualTo(new SpeedStats(2, 0, 0, 0, 0));
        assertThat(allHour().get("election")).isEqualTo("5");
        assertThat(storedOffset()).isEqualTo("4");
    }

    @Test
    void anArticleBeforeThePublishedCutoffIsLateAndNotCounted() {
        Instant cutoff = TimeBuckets.hourStart(NOW).plus(Duration.ofHours(1));
        REDIS.client().set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(new BatchCutoff("v1", cutoff, NOW, Map.of())));
        startLayer();
        consumer.addRecord(record(0, "a1", article("a1", "election")));

        layer.pollOnce();
        layer.flush();

        assertThat(layer.stats()).isEqualTo(new SpeedStats(0, 0, 1, 0, 0));
        assertThat(allHour()).isEmpty();
        assertThat(storedOffset()).isEqualTo("0");
    }

    @Test
    void runAndCloseApplyWhatWasReadAndCloseTheClients() throws InterruptedException {
        SpeedConfig fast = SpeedConfig.from(Settings.of(Map.of("speed.flush.interval", "50ms")));
        startLayer(fast, Clock.systemUTC());
        Thread loop = new Thread(layer, "speed-layer-it");
        loop.start();
        consumer.addRecord(record(0, "a1", article("a1", "election")));
        Instant deadline = Instant.now().plusSeconds(10);
        while (layer.stats().applied() < 1 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }

        layer.close();
        layer.close();   // idempotent

        loop.join(5_000);
        assertThat(loop.isAlive()).isFalse();
        assertThat(layer.isRunning()).isFalse();
        assertThat(layer.stats().applied()).isEqualTo(1);
        assertThat(consumer.closed()).isTrue();
        assertThat(producer.closed()).isTrue();
        assertThat(REDIS.client().hgetAll(RedisKeys.SPEED_STATUS)).containsEntry("applied", "1").containsKey("updatedAt");
    }

    /**
     * A process put offsets 0..4 in Redis and was killed between that apply and its Kafka commit (Kafka's committed
     * offset says 2). The next owner resumes at Redis's 5 and, with nothing new to read, must still move Kafka's
     * committed offset there: the group's lag is what an operator watches, and it would otherwise show five applied
     * records as unread until new ones arrive (SpeedKillIT's last process found the offsets of the killed one).
     */
    @ParameterizedTest(name = "speed.apply.background={0}")
    @ValueSource(booleans = {false, true})
    void aPartitionResumedAheadOfKafkasCommittedOffsetIsCommittedAtRedisOffsetWithoutNewRecords(boolean background) {
        REDIS.client().hset(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 0), "4");
        MutableClock clock = new MutableClock(NOW);
        SpeedConfig config = SpeedConfig.from(Settings.of(Map.of("speed.apply.background", Boolean.toString(background))));
        newLayer(config, clock);
        consumer.commitSync(Map.of(TP, new OffsetAndMetadata(2)));
        consumer.rebalance(List.of(TP));
        assertThat(consumer.position(TP)).isEqualTo(5);

        clock.advance(config.flushInterval());
        layer.pollOnce();   // a flush turn with nothing read

        assertThat(consumer.committed(Set.of(TP)).get(TP).offset()).as("Kafka's committed offset").isEqualTo(5);
        assertThat(storedOffset()).isEqualTo("4");
    }

    /** With the background apply, a clean stop leaves Kafka's committed offset = Redis's offset + 1 = the end. */
    @Test
    void aCleanStopWithTheBackgroundApplyCommitsWhatRedisHolds() throws InterruptedException {
        SpeedConfig config = SpeedConfig.from(Settings.of(Map.of("speed.apply.background", "true",
                "speed.flush.interval", "50ms")));
        startLayer(config, Clock.systemUTC());
        Thread loop = new Thread(layer, "speed-layer-it");
        loop.start();
        // Records keep coming while the loop flushes, and the stop comes as soon as the last one is read: it finds a
        // flush in flight or a batch buffered, and must apply and commit both.
        for (int i = 0; i < 40; i++) {
            consumer.addRecord(record(i, "a" + i, article("a" + i, "election")));
            Thread.sleep(5);
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (consumer.position(TP) < 40 && Instant.now().isBefore(deadline)) {
            Thread.sleep(1);
        }
        layer.close();
        loop.join(5_000);

        assertThat(loop.isAlive()).isFalse();
        assertThat(storedOffset()).as("Redis's offset").isEqualTo("39");
        assertThat(allHour().get("election")).isEqualTo("40");
        assertThat(layer.stats().applied()).isEqualTo(40);
        assertThat(kafkaCommitted).as("Kafka's committed offsets").isEqualTo(Map.of(TP, 40L));
    }

    private void startLayer() {
        startLayer(SpeedConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void startLayer(SpeedConfig config, Clock clock) {
        newLayer(config, clock);
        consumer.rebalance(List.of(TP));
    }

    /** The layer, subscribed but not assigned a partition yet. */
    private void newLayer(SpeedConfig config, Clock clock) {
        consumer = new MockConsumer<>("earliest") {
            @Override
            public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
                super.commitSync(offsets);
                offsets.forEach((tp, o) -> kafkaCommitted.put(tp, o.offset()));
            }
        };
        producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        // The test keeps owning the Redis client: the layer gets a no-op to close.
        layer = new SpeedLayer(config, TOPIC, DLQ, consumer, producer, REDIS.client(), () -> { },
                ArticleValidator.withDefaults(), TITLE_WORDS, new SimpleMeterRegistry(), clock);
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
    }

    private static String storedOffset() {
        return REDIS.client().hget(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 0));
    }

    private static String article(String id, String title) {
        return "{\"id\":\"" + id + "\",\"source\":\"news\",\"site\":\"yonhap\",\"lang\":\"en\",\"publishedAt\":\""
                + PUBLISHED + "\",\"title\":\"" + title + "\"}";
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String key, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, NOW.toEpochMilli(), TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    /** The hour's counts in slice all:all: the sum of the leaves the speed view wrote. */
    private static Map<String, String> allHour() {
        return SpeedViewSums.hour(REDIS.client(), "0", TimeBuckets.hourId(PUBLISHED), Slice.TOTAL);
    }
}
