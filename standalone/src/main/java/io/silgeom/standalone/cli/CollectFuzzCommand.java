package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.EdgeFuzzCorpus;
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
 * {@code silgeom collect fuzz}: throws {@link EdgeFuzzCorpus} (malformed JSON, wrong types, invalid UTF-8, 10 MB
 * bodies, control characters, far-future and ancient times, HTML and scripts in every text field) at the edge of a
 * running system and checks the edge's own account: every good record published once, every repeat dropped, every
 * bad one dead-lettered. Exit 1 when the account does not add up or Kafka lost a record.
 */
@Command(name = "fuzz",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Send the edge fuzz corpus through the edge validation into Kafka: good records (HTML, scripts, "
                + "control characters, ancient times) must arrive once, bad ones (broken JSON, invalid UTF-8, 10 MB, "
                + "far-future times, ...) must land in the DLQ with their reason.",
                "Example: silgeom collect fuzz --good 1000 --bootstrap 127.0.0.1:35777"})
public final class CollectFuzzCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--good", paramLabel = "N", defaultValue = "1000", description = "Good records in the corpus.")
    int good;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the corpus' order.")
    long seed;

    @Mixin
    KafkaBootstrapOption kafka;

    @Override
    public Integer call() throws Exception {
        Settings settings = kafka.applyTo(config.settings());
        CoreConfig core = CoreConfig.from(settings);
        IngestConfig ingest = IngestConfig.from(settings);
        KafkaTopicCheck.requireTopics(core.kafkaBootstrap(), List.of(core.articlesTopic(), core.dlqTopic()),
                KafkaTopicCheck.DEFAULT_TIMEOUT);

        List<EdgeFuzzCorpus.FuzzRecord> corpus = EdgeFuzzCorpus.build(seed, good, Instant.now());
        EdgeGate gate;
        PublishStats sent;
        try (ArticlePublisher publisher = ArticlePublisher.create(ingest.publisherOptions(core))) {
            gate = EdgeGate.withDefaults(publisher);
            for (EdgeFuzzCorpus.FuzzRecord r : corpus) {
                gate.offer("fuzz", r.raw());
            }
            publisher.close(); // idempotent; closed here so that the counts below are final
            sent = publisher.stats();
        }
        long goodFirst = corpus.stream().filter(r -> r.good() && !r.repeat()).count();
        long repeats = corpus.stream().filter(EdgeFuzzCorpus.FuzzRecord::repeat).count();
        long bad = corpus.size() - goodFirst - repeats;
        EdgeGate.EdgeStats edge = gate.stats();
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "collect fuzz: %,d records offered: %,d published (of %,d good), "
                        + "%,d repeats dropped (of %,d), %,d dead-lettered (of %,d bad) %s; Kafka acknowledged %,d of %,d",
                corpus.size(), edge.published(), goodFirst, edge.duplicates(), repeats, edge.deadLettered(), bad,
                edge.rejected(), sent.acked(), sent.sent()));
        out.flush();
        ReplayCommand.requireAllAcknowledged(sent);
        if (edge.published() != goodFirst || edge.duplicates() != repeats || edge.deadLettered() != bad) {
            throw new IllegalStateException("the edge's account does not add up: see the line above");
        }
        return 0;
    }
}
