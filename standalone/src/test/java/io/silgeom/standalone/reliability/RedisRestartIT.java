package io.silgeom.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import io.silgeom.standalone.embedded.RedisServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * Issue 3, item 7(b): Redis goes away mid-stream, twice (SIGKILL, then a clean stop), and comes back from its
 * append-only file ({@code appendfsync always}: every write Redis acknowledged is on disk). The speed layer keeps
 * running (failed applies are read again after a back-off, the Lua script is loaded again after NOSCRIPT) and the
 * speed view ends exact: nothing lost, nothing counted twice.
 */
class RedisRestartIT {
    private static final KeywordExtractor EXTRACTOR = KeywordExtractor.create();
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final Duration OUTAGE = Duration.ofSeconds(2);

    @TempDir
    Path workDir;

    @Test
    void theSpeedLayerRidesOutRedisRestartsAndTheViewEndsExact() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = stack.settings()
                    .with("speed.flush.interval", "200ms")
                    .with("speed.max.batch.records", "500")
                    .with("speed.status.interval", "500ms");
            CoreConfig core = CoreConfig.from(settings);
            int port = stack.redisPort();
            alwaysFsync(stack.redisHost(), port);
            RedisServerProcess restarted = null;
            try (ArticleStream stream = new ArticleStream(stack.kafkaBootstrap(), core.articlesTopic(), 8L);
                 SpeedViewProbe probe = new SpeedViewProbe(stack.redisHost(), port, stack.kafkaBootstrap(),
                         core.articlesTopic());
                 Pacer pacer = new Pacer(stream, 40, Duration.ofMillis(100), 2500);
                 SpeedLayer speed = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, null)) {
                await().atMost(AWAIT).until(() -> speed.stats().applied() > 300);

                // 1. SIGKILL: no chance to flush anything; the append-only file must hold every acknowledged apply.
                ProcessHandle.of(stack.redis().pid()).orElseThrow().destroyForcibly();
                await().atMost(AWAIT).until(() -> ProcessHandle.of(stack.redis().pid()).isEmpty()
                        || !ProcessHandle.of(stack.redis().pid()).get().isAlive());
                Thread.sleep(OUTAGE.toMillis());
                assertThat(speed.isRunning()).as("speed layer during the outage").isTrue();
                restarted = RedisServerProcess.start(port, stack.layout().redis());
                alwaysFsync(stack.redisHost(), port);
                long afterFirst = speed.stats().applied();
                await().atMost(AWAIT).until(() -> speed.stats().applied() > afterFirst + 300);

                // 2. A clean stop (SIGTERM) and start again.
                assertThat(pacer.isRunning()).as("restarted mid-stream").isTrue();
                restarted.close();
                Thread.sleep(OUTAGE.toMillis());
                assertThat(speed.isRunning()).as("speed layer during the second outage").isTrue();
                restarted = RedisServerProcess.start(port, stack.layout().redis());
                alwaysFsync(stack.redisHost(), port);

                pacer.finish();
                probe.awaitAllApplied(AWAIT);
                assertThat(speed.isRunning()).isTrue();
                probe.assertExact(stream, EXTRACTOR::analyze);
            } finally {
                if (restarted != null) {
                    restarted.close();
                }
            }
        }
    }

    private static void alwaysFsync(String host, int port) {
        try (RedisClient redis = RedisClient.create(host, port)) {
            redis.configSet("appendfsync", "always");
            assertThat(redis.configGet("appendonly")).isEqualTo(Map.of("appendonly", "yes"));
        }
    }
}
