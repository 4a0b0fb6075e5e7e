package io.silgeom.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.speed.consume.SpeedStats;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 6, against the real broker and a real redis-server: a speed layer stopped mid-stream commits what it
 * applied and its successor re-applies nothing; two speed layers in one consumer group on the four partitions count
 * exactly, across the rebalances of one joining and one leaving mid-stream. Expected counts come from
 * {@link ArticleStream}, computed without the speed layer.
 */
class SpeedScaleOutIT {
    private static final KeywordExtractor EXTRACTOR = KeywordExtractor.create();
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    @Test
    void aSpeedLayerStoppedMidStreamCommitsWhatItAppliedAndItsSuccessorResumesThereWithoutReapplying() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = settings(stack);
            CoreConfig core = CoreConfig.from(settings);
            try (ArticleStream stream = new ArticleStream(stack.kafkaBootstrap(), core.articlesTopic(), 6L);
                 SpeedViewProbe probe = new SpeedViewProbe(stack.redisHost(), stack.redisPort(), stack.kafkaBootstrap(),
                         core.articlesTopic());
                 Pacer pacer = new Pacer(stream, 40, Duration.ofMillis(100), 2500)) {
                SpeedLayer first = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, null);
                await().atMost(AWAIT).until(() -> first.stats().applied() > 500);
                first.close();   // mid-stream: articles keep arriving
                assertThat(pacer.isRunning()).as("stopped mid-stream").isTrue();

                // Graceful: what Redis holds is what Kafka has committed, partition by partition.
                Map<Integer, Long> applied = probe.appliedPositions();
                assertThat(applied.values()).allMatch(p -> p > 0);
                assertThat(committed(stack, SpeedConfig.from(settings).groupId())).isEqualTo(applied);
                SpeedStats before = first.stats();

                SpeedLayer second = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, null);
                try {
                    pacer.finish();
                    probe.awaitAllApplied(AWAIT);
                    // The counters follow Redis by at most one flush (with speed.apply.background, the answer of the
                    // last apply is settled at the next loop turn).
                    await().atMost(AWAIT).until(() -> before.applied() + second.stats().applied() >= stream.articles());
                    SpeedStats after = second.stats();
                    // Resumed at Redis's offsets: no batch overlapped what the first one applied, no article counted twice.
                    assertThat(after.alreadyApplied()).isZero();
                    assertThat(before.applied() + after.applied()).isEqualTo(stream.articles());
                    assertThat(before.duplicates() + after.duplicates()).isEqualTo(stream.records() - stream.articles());
                    probe.assertExact(stream, EXTRACTOR::analyze);
                } finally {
                    second.close();
                }
                assertThat(committed(stack, SpeedConfig.from(settings).groupId())).isEqualTo(probe.endOffsets());
            }
        }
    }

    @Test
    void twoSpeedLayersInOneGroupCountExactlyAcrossAJoinAndALeaveMidStream() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = settings(stack);
            CoreConfig core = CoreConfig.from(settings);
            assertThat(core.articlesPartitions()).isEqualTo(4);
            try (ArticleStream stream = new ArticleStream(stack.kafkaBootstrap(), core.articlesTopic(), 7L);
                 SpeedViewProbe probe = new SpeedViewProbe(stack.redisHost(), stack.redisPort(), stack.kafkaBootstrap(),
                         core.articlesTopic());
                 Pacer pacer = new Pacer(stream, 40, Duration.ofMillis(100), 3000)) {
                SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
                SimpleMeterRegistry metricsB = new SimpleMeterRegistry();
                SpeedLayer a = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, metricsA);
                await().atMost(AWAIT).until(() -> a.stats().applied() > 300);

                // A second process joins mid-stream: the partitions are shared, both apply.
                SpeedLayer b = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, metricsB);
                long aAtJoin = a.stats().applied();
                await().atMost(AWAIT).until(() -> b.stats().applied() > 200 && a.stats().applied() > aAtJoin + 200);
                assertThat(lagGauges(metricsA) + lagGauges(metricsB)).as("every partition has one owner").isEqualTo(4);
                assertThat(lagGauges(metricsA)).isBetween(1, 3);

                // The first leaves mid-stream: the second takes every partition over.
                a.close();
                assertThat(pacer.isRunning()).as("left mid-stream").isTrue();
                await().atMost(AWAIT).until(() -> lagGauges(metricsB) == 4);
                await().atMost(AWAIT).until(() -> metricsB.get("silgeom.speed.applied.rate").gauge().value() > 0);
                pacer.finish();
                probe.awaitAllApplied(AWAIT);
                probe.assertExact(stream, EXTRACTOR::analyze);
                b.close();

                SpeedStats sa = a.stats();
                SpeedStats sb = b.stats();
                assertThat(sa.applied() + sb.applied()).isEqualTo(stream.articles());
                assertThat(sa.duplicates() + sb.duplicates()).isEqualTo(stream.records() - stream.articles());
                // The status hash adds both processes up; the lag fields went with their owners.
                Map<String, String> status = probe.redis().hgetAll(RedisKeys.SPEED_STATUS);
                assertThat(status).containsEntry("applied", Long.toString(stream.articles()))
                        .containsEntry("duplicates", Long.toString(stream.records() - stream.articles()))
                        .containsEntry("late", "0").containsEntry("dlq", "0").containsEntry("filtered", "0")
                        .containsEntry("appliedPerSecond", "0.0").containsKey("updatedAt");
                assertThat(status.keySet()).noneMatch(k -> k.startsWith("lag:") || k.startsWith("rate:"));
            }
        }
    }

    /**
     * A speed process killed between an apply and its Kafka commit leaves Kafka's committed offsets behind Redis's
     * (here set back by hand while the group is empty). Its successor resumes at Redis's offsets and, with nothing new
     * to read, commits them: the group's lag must not count applied records as unread until new ones arrive.
     */
    @Test
    void aSuccessorCommitsRedisOffsetsWhenKafkasAreBehindEvenWithNothingNewToRead() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = settings(stack);
            CoreConfig core = CoreConfig.from(settings);
            String group = SpeedConfig.from(settings).groupId();
            try (ArticleStream stream = new ArticleStream(stack.kafkaBootstrap(), core.articlesTopic(), 8L);
                 SpeedViewProbe probe = new SpeedViewProbe(stack.redisHost(), stack.redisPort(), stack.kafkaBootstrap(),
                         core.articlesTopic());
                 Pacer pacer = new Pacer(stream, 40, Duration.ofMillis(50), 400)) {
                SpeedLayer first = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, null);
                pacer.finish();
                probe.awaitAllApplied(AWAIT);
                first.close();
                Map<Integer, Long> ends = probe.endOffsets();
                assertThat(committed(stack, group)).isEqualTo(ends);
                setCommitted(stack, group, core.articlesTopic(), ends.keySet(), 0L);

                SpeedLayer second = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, null);
                try {
                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                            assertThat(committed(stack, group)).as("Kafka's committed offsets, while it runs").isEqualTo(ends));
                    assertThat(second.stats().applied()).as("nothing new to apply").isZero();
                } finally {
                    second.close();
                }
                probe.assertExact(stream, EXTRACTOR::analyze);
            }
        }
    }

    private static void setCommitted(EmbeddedStack stack, String group, String topic, Collection<Integer> partitions,
                                     long offset) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            partitions.forEach(partition -> offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        }
    }

    private static Settings settings(EmbeddedStack stack) {
        return stack.settings()
                .with("speed.flush.interval", "200ms")
                .with("speed.max.batch.records", "500")
                .with("speed.status.interval", "500ms");
    }

    private static int lagGauges(SimpleMeterRegistry registry) {
        return registry.find("silgeom.speed.lag").gauges().size();
    }

    /** partition → the group's committed offset in Kafka. */
    static Map<Integer, Long> committed(EmbeddedStack stack, String group) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            Map<Integer, Long> offsets = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, om) -> offsets.put(tp.partition(), om.offset()));
            return offsets;
        }
    }
}
