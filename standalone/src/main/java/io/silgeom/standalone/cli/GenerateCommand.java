package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.Progress;
import io.silgeom.ingest.collect.SyntheticStream;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.ingest.publish.PublishStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom generate}: the synthetic stream of Korean and English news and posts ({@link SyntheticStream}) into
 * Kafka: first a history of {@code --backfill} (as fast as Kafka takes it), then live records at {@code --rate} for
 * {@code --duration} or until Ctrl-C.
 *
 * <p>The options override configuration keys, so the file and {@code SILGEOM_GENERATOR_*} variables set the other
 * knobs (bursts, shares of duplicates, Korean, social posts): {@code --rate} sets {@code generator.rate} and
 * {@code generator.backfill.rate} (the trend baseline compares the live rate with the history, so the two must match),
 * {@code --backfill} sets {@code generator.backfill}, {@code --seed} sets {@code generator.seed}.
 */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Publish the synthetic stream of Korean and English news and social posts (Zipf vocabulary, "
                + "daily cycle, planted bursts, duplicates) to Kafka: a back-filled history, then live records until "
                + "--duration has passed or Ctrl-C.",
                "Example: silgeom generate --rate 50 --backfill 6h --duration 30m"})
public final class GenerateCommand implements Callable<Integer> {
    static final String STOP_THREAD_NAME = "silgeom-generate-stop";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--rate", paramLabel = "N",
            description = "Live articles per second, averaged over a day (also the history's rate). "
                    + "Absent: generator.rate (10).")
    Double rate;

    @Option(names = "--backfill", paramLabel = "DURATION",
            description = "History generated before the live stream, e.g. 3h; 0s for none. "
                    + "Absent: generator.backfill (3h).")
    String backfill;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long the live stream runs, e.g. 30m. Absent: until Ctrl-C.")
    Duration duration;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed: the same seed and start time give the same records. Absent: generator.seed.")
    Long seed;

    @Mixin
    KafkaBootstrapOption kafka;

    @Override
    public Integer call() throws Exception {
        Settings settings = settings();
        CoreConfig core = CoreConfig.from(settings);
        IngestConfig ingest = ingestConfig(settings);
        Duration history = ingest.generatorBackfill();
        KafkaTopicCheck.requireTopics(core.kafkaBootstrap(), List.of(core.articlesTopic(), core.dlqTopic()),
                KafkaTopicCheck.DEFAULT_TIMEOUT);

        PrintWriter err = spec.commandLine().getErr();
        AtomicReference<ProgressLine> phase = new AtomicReference<>(ProgressLine.onStderr("generate history", err));
        Progress backfilled = null;
        Progress live = null;
        PublishStats sent;
        SyntheticStream stream;
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             ArticlePublisher publisher = ArticlePublisher.create(ingest.publisherOptions(core))) {
            stream = new SyntheticStream(ingest.generatorOptions(), publisher, p -> {
                phase.get().onProgress(p);
                if (publisher.stats().failed() > 0) {
                    stop.stop(); // a lost record: going on would only lose more of them
                }
            });
            stop.onStop(stream::stop);
            if (!history.isZero()) {
                backfilled = stream.backfill(history);
            }
            if (!stop.stopRequested()) {
                phase.set(ProgressLine.onStderr("generate", err));
                live = stream.run(duration);
            }
            publisher.close(); // idempotent; closed here so that the counts below are final
            sent = publisher.stats();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "generate: %,d history records (%s), %,d live records in %s; "
                        + "%,d duplicates, %,d invalid; Kafka acknowledged %,d of %,d",
                backfilled == null ? 0 : backfilled.published(), ProgressLine.humanDuration(history),
                live == null ? 0 : live.published(), live == null ? "0s" : ProgressLine.humanDuration(live.elapsed()),
                stream.duplicatesSent(), stream.invalidSent(), sent.acked(), sent.sent()));
        out.flush();
        ReplayCommand.requireAllAcknowledged(sent);
        return 0;
    }

    /** The configuration with the command-line options written over their keys. */
    Settings settings() {
        Settings settings = kafka.applyTo(config.settings());
        if (rate != null) {
            settings = settings.with(IngestConfig.GENERATOR_RATE.name(), rate.toString())
                    .with(IngestConfig.GENERATOR_BACKFILL_RATE.name(), rate.toString());
        }
        if (backfill != null) {
            settings = settings.with(IngestConfig.GENERATOR_BACKFILL.name(), backfill);
        }
        if (seed != null) {
            settings = settings.with(IngestConfig.GENERATOR_SEED.name(), seed.toString());
        }
        return settings;
    }

    /** A value the options put in is checked by the key's own validator; its message names the key the option sets. */
    IngestConfig ingestConfig(Settings settings) {
        try {
            return IngestConfig.from(settings);
        } catch (ConfigException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
