package io.silgeom.standalone.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code silgeom speed}: the speed layer as its own process (Kafka articles topic to the speed view in Redis), as in
 * {@code silgeom demo}, until Ctrl-C. Run several for more partitions: they share the consumer group
 * {@code speed.group.id}. Exits 1 if the consumer loop dies on its own, so a supervisor restarts it.
 *
 * <p>{@code --rebuild}: this process rebuilds the speed view as soon as it runs (from the published batch view's
 * offsets, into a new generation, switching when caught up; docs/speed-layer.md), then goes on as usual. The rebuild
 * runs inside the speed layer, which must own every partition: stop the other speed processes first (in
 * {@code silgeom demo}, use {@code POST /api/v1/admin/rebuild-speed} instead).
 */
@Command(name = "speed",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Run the speed layer (articles topic -> speed view in Redis, invalid records -> dead-letter "
                + "topic) until Ctrl-C.",
                "Example: silgeom speed --profile cluster --config silgeom.properties",
                "--rebuild: rebuild the speed view from the batch view's offsets first (this process must be the only "
                        + "speed process), switching to it without stopping; then run as usual."})
public final class SpeedCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedCommand.class);
    static final String STOP_THREAD_NAME = "silgeom-speed-stop";
    /** How often the command checks that the consumer loop still runs. */
    private static final Duration LIVENESS_CHECK = Duration.ofSeconds(1);

    @Mixin
    ConfigOptions config;

    @Option(names = "--rebuild", description = "Rebuild the speed view into a new generation as soon as the speed "
            + "layer runs; the current one is served until the switch.")
    boolean rebuild;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings();
        CoreConfig core = CoreConfig.from(settings);
        SpeedConfig speed = SpeedConfig.from(settings);
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             SpeedLayer layer = SpeedLayer.start(speed, core,
                     DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create()), null)) {
            LOG.info("speed layer started: kafka: {}, topic: {}, redis: {}:{}, generation: {}; Ctrl-C stops it",
                    core.kafkaBootstrap(), core.articlesTopic(), core.redisHost(), core.redisPort(), layer.generation());
            if (rebuild) {
                layer.rebuild().whenComplete((generation, failure) -> {
                    if (failure != null) {
                        LOG.error("speed view rebuild failed; the previous generation stays current", failure);
                    } else {
                        LOG.info("speed view rebuilt: generation {} is current", generation);
                    }
                });
            }
            while (!stop.await(LIVENESS_CHECK)) {
                if (!layer.isRunning()) {
                    throw new IllegalStateException("the speed layer stopped on its own (see the error above); "
                            + "the speed view no longer advances");
                }
            }
        }
        LOG.info("speed layer stopped");
        return 0;
    }
}
