package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.CollectorStatus;
import io.silgeom.ingest.collect.x.XCollector;
import io.silgeom.ingest.collect.x.XOptions;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.ingest.publish.EdgeGate;
import io.silgeom.ingest.publish.PublishStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom collect x}: posts from the X API v2 filtered stream (recent search as fallback) into Kafka until
 * Ctrl-C ({@link XCollector}). The bearer token comes from {@code x.bearer.token} or {@code SILGEOM_X_BEARER_TOKEN};
 * without one the command refuses to start, before connecting anywhere.
 */
@Command(name = "x",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Collect posts from the X API v2 filtered stream into Kafka (recent search fills gaps and "
                + "stands in when the stream is not available). Needs SILGEOM_X_BEARER_TOKEN (or x.bearer.token).",
                "Example: SILGEOM_X_BEARER_TOKEN=... silgeom collect x --rules '태풍 OR typhoon;#WorldSeries'"})
public final class CollectXCommand implements Callable<Integer> {
    static final String STOP_THREAD_NAME = "silgeom-collect-x-stop";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--rules", paramLabel = "RULE[;RULE...]",
            description = "Stream rules in X's syntax, separated by ';'; overrides x.rules.")
    String rules;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long, e.g. 1h. Absent: until Ctrl-C.")
    Duration duration;

    @Mixin
    KafkaBootstrapOption kafka;

    @Override
    public Integer call() throws Exception {
        Settings settings = kafka.applyTo(config.settings());
        if (rules != null) {
            settings = settings.with(IngestConfig.X_RULES.name(), rules);
        }
        CoreConfig core = CoreConfig.from(settings);
        IngestConfig ingest = IngestConfig.from(settings);
        XOptions options = ingest.xOptions().requireToken(); // no token: one clear line, exit 1, nothing connected
        KafkaTopicCheck.requireTopics(core.kafkaBootstrap(), List.of(core.articlesTopic(), core.dlqTopic()),
                KafkaTopicCheck.DEFAULT_TIMEOUT);

        CollectorStatus status = CollectRedisStatus.openOrNone(core, IngestConfig.X_STATUS_KEY);
        EdgeGate gate;
        PublishStats sent;
        AtomicReference<XCollector> running = new AtomicReference<>();
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             ArticlePublisher publisher = ArticlePublisher.create(ingest.publisherOptions(core))) {
            gate = EdgeGate.withDefaults(publisher);
            XCollector x = new XCollector(options, HttpClient.newHttpClient(), gate, status, new SimpleMeterRegistry(),
                    Clock.systemUTC());
            running.set(x);
            stop.onStop(x::stop);
            Thread timer = null;
            if (duration != null) {
                timer = new Thread(() -> {
                    try {
                        if (!stop.await(duration)) {
                            stop.stop();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "silgeom-collect-x-duration");
                timer.setDaemon(true);
                timer.start();
            }
            x.run();
            publisher.close(); // idempotent; closed here so that the counts below are final
            sent = publisher.stats();
        } finally {
            CollectRedisStatus.closeIfOpen(status);
        }
        EdgeGate.EdgeStats edge = gate.stats();
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "collect x: %,d published, %,d dead-lettered, %,d duplicates, "
                        + "%,d reconnects; Kafka acknowledged %,d of %,d", edge.published(), edge.deadLettered(),
                edge.duplicates(), running.get().reconnects(), sent.acked(), sent.sent()));
        out.flush();
        ReplayCommand.requireAllAcknowledged(sent);
        return 0;
    }
}
