package io.silgeom.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 7(c): Redis loses everything (FLUSHALL) while the speed layer runs and articles arrive; a rebuild
 * (SpeedLayer.rebuild, what {@code silgeom speed --rebuild} and the admin endpoint start) writes the view again from
 * Kafka into a new generation and switches to it; the view then ends exact.
 */
class FlushAllRebuildIT {
    private static final KeywordExtractor EXTRACTOR = KeywordExtractor.create();
    private static final Duration AWAIT = Duration.ofSeconds(60);

    @TempDir
    Path workDir;

    @Test
    void afterAFlushAllTheRebuildRestoresTheExactView() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = stack.settings()
                    .with("speed.flush.interval", "200ms")
                    .with("speed.max.batch.records", "500");
            CoreConfig core = CoreConfig.from(settings);
            try (ArticleStream stream = new ArticleStream(stack.kafkaBootstrap(), core.articlesTopic(), 9L);
                 SpeedViewProbe probe = new SpeedViewProbe(stack.redisHost(), stack.redisPort(), stack.kafkaBootstrap(),
                         core.articlesTopic());
                 Pacer pacer = new Pacer(stream, 40, Duration.ofMillis(100), 2500);
                 SpeedLayer speed = SpeedLayer.start(SpeedConfig.from(settings), core, EXTRACTOR, null)) {
                await().atMost(AWAIT).until(() -> speed.stats().applied() > 800);
                String before = speed.generation();

                long keysBefore = probe.redis().dbSize();
                probe.redis().flushAll();
                // NOTE: not zero: a flush in flight on the apply thread may land just after FLUSHALL (at most one batch).
                assertThat(probe.redis().dbSize()).as("right after FLUSHALL").isLessThan(keysBefore);
                Thread.sleep(500);   // the live layer goes on writing into the emptied generation meanwhile
                assertThat(pacer.isRunning()).as("flushed mid-stream").isTrue();

                String rebuilt = speed.rebuild().get(AWAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(rebuilt).isNotEqualTo(before);
                assertThat(probe.redis().get(RedisKeys.SPEED_CURRENT)).isEqualTo(rebuilt);
                pacer.finish();
                probe.awaitAllApplied(AWAIT);
                assertThat(speed.generation()).isEqualTo(rebuilt);
                probe.assertExact(stream, EXTRACTOR::analyze);
            }
        }
    }
}
