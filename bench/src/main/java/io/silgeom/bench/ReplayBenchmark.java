package io.silgeom.bench;

import io.silgeom.bench.corpus.BenchCorpus;
import io.silgeom.bench.measure.BareProducerLoop;
import io.silgeom.bench.report.FiguresTable;
import io.silgeom.bench.report.MachineInfo;
import io.silgeom.core.article.Article;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.FileReplay;
import io.silgeom.ingest.collect.InputFormat;
import io.silgeom.ingest.collect.Progress;
import io.silgeom.ingest.collect.ReplayOptions;
import io.silgeom.ingest.collect.TimeShift;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.ingest.publish.PublishStats;
import io.silgeom.ingest.publish.PublisherOptions;
import io.silgeom.standalone.embedded.EmbeddedKafkaBroker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The replay throughput benchmark of issue 7 (item 5): records per second of {@code silgeom replay}'s code path
 * ({@link FileReplay} into {@link ArticlePublisher}) against a bare kafka-clients producer loop, in one run, into
 * one local broker.
 *
 * <ol>
 *   <li>Build the stream from the shared datasets ({@link BenchCorpus}: CrisisLex tweets, Reuters newswire, Korean
 *       headlines, cycled with new ids up to {@code --limit}) and write it as a JSON-lines file in a temp dir.</li>
 *   <li>Start an embedded Kafka broker (in this JVM, one node, on a free port).</li>
 *   <li>Bare loop: the same records, already encoded in memory, through a {@code KafkaProducer} with the publisher's
 *       configuration (idempotent, acks=all, lz4, linger); timed to the flush.</li>
 *   <li>Replay: the file through {@link FileReplay} (read, parse, map, encode) into {@link ArticlePublisher},
 *       unpaced, {@code --time-shift none} (one pass over the file); timed to the flush.</li>
 *   <li>First both paths once over the first 100,000 records (JIT warm-up, not timed); then bare, replay, bare,
 *       replay, each into its own topic; each figure is the mean of its two passes.</li>
 * </ol>
 * Prints a Markdown table on stdout, progress on stderr. Exit 0 even if the target ratio (0.8) is missed (the table
 * says so); 1 if a record was lost or the run failed.
 */
@Command(name = "replay-benchmark", mixinStandardHelpOptions = true,
        description = "Measures records/s of a file replay into a local Kafka broker against a bare kafka-clients "
                + "producer loop sending the same records.")
public final class ReplayBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayBenchmark.class);
    /** Issue 7, item 5: the replay should keep at least this share of the bare producer's throughput. */
    static final double TARGET_RATIO = 0.8;
    private static final int PARTITIONS = 4;
    private static final int WARMUP_RECORDS = 100_000;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Shared data directory. Default: ${DEFAULT-VALUE}, relative to the working directory (the repository root).")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000000",
            description = "Records replayed (the datasets are cycled with new ids). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--seed", defaultValue = "20241125", description = "Shuffle seed of the dataset mix. Default: ${DEFAULT-VALUE}.")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        MachineInfo machine = MachineInfo.collect(Path.of("").toAbsolutePath());
        BenchCorpus corpus = BenchCorpus.load(dataDir, limit, Duration.ofHours(5), Instant.now(), seed);
        Path workDir = Files.createTempDirectory("silgeom-replay-bench-");
        try {
            Path file = writeJsonLines(corpus.records(), workDir.resolve("replay-bench.jsonl"));
            List<String> keys = corpus.articles().stream().map(Article::id).toList();
            try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, workDir.resolve("kafka"))) {
                kafka.createTopics(Map.of("bench.warmup", PARTITIONS, "bench.warmup.dlq", 1, "bench.bare.1", PARTITIONS,
                        "bench.bare.2", PARTITIONS, "bench.replay.1", PARTITIONS, "bench.replay.2", PARTITIONS,
                        "silgeom.articles.dlq", 1));
                Settings settings = Settings.load(Settings.PROFILE_EMBEDDED, null)
                        .with(CoreConfig.KAFKA_BOOTSTRAP.name(), kafka.bootstrapServers());
                PublisherOptions publisher = IngestConfig.from(settings).publisherOptions(CoreConfig.from(settings));

                // Warm-up: both paths once over the head of the stream, so the JIT has compiled them before the clock runs.
                int warmup = Math.min(corpus.size(), WARMUP_RECORDS);
                LOG.info("warm-up: {} records each way", warmup);
                BareProducerLoop.run(publisher.producerConfig(), "bench.warmup", keys.subList(0, warmup),
                        corpus.records().subList(0, warmup));
                replay(writeJsonLines(corpus.records().subList(0, warmup), workDir.resolve("warmup.jsonl")),
                        topics(publisher, "bench.warmup", "bench.warmup.dlq"));

                // Alternate, so both paths see the same machine: others' load on a shared box moves every figure.
                BareProducerLoop.Pass[] bare = new BareProducerLoop.Pass[2];
                Replayed[] replayed = new Replayed[2];
                for (int pass = 0; pass < 2; pass++) {
                    bare[pass] = BareProducerLoop.run(publisher.producerConfig(), "bench.bare." + (pass + 1), keys,
                            corpus.records());
                    LOG.info("bare pass {}: {} records/s", pass + 1, Math.round(bare[pass].recordsPerSecond()));
                    replayed[pass] = replay(file, topics(publisher, "bench.replay." + (pass + 1), "silgeom.articles.dlq"));
                    LOG.info("replay pass {}: {} records/s", pass + 1, Math.round(replayed[pass].recordsPerSecond()));
                }
                double baseline = (bare[0].recordsPerSecond() + bare[1].recordsPerSecond()) / 2;
                double replayRate = (replayed[0].recordsPerSecond() + replayed[1].recordsPerSecond()) / 2;
                double ratio = replayRate / baseline;
                long lost = bare[0].failed() + bare[1].failed() + replayed[0].sent().failed() + replayed[0].sent().inFlight()
                        + replayed[1].sent().failed() + replayed[1].sent().inFlight();
                new FiguresTable("Replay throughput (issue 7, item 5)")
                        .row("records", "%,d (%,d tweets, %,d newswire, %,d Korean headlines in the pool, cycled)",
                                corpus.size(), corpus.mix().tweets(), corpus.mix().newswire(), corpus.mix().koreanHeadlines())
                        .row("file", "%,d bytes of JSON lines", Files.size(file))
                        .row("bare producer loop", "%,.0f records/s (passes: %,.0f, %,.0f)",
                                baseline, bare[0].recordsPerSecond(), bare[1].recordsPerSecond())
                        .row("replay (FileReplay + ArticlePublisher)", "%,.0f records/s (passes: %,.0f, %,.0f; %,d published, "
                                + "%,d dead-lettered per pass)", replayRate, replayed[0].recordsPerSecond(),
                                replayed[1].recordsPerSecond(), replayed[0].progress().published(),
                                replayed[0].progress().deadLettered())
                        .row("ratio replay / bare", "%.2f (target >= %.1f: %s)", ratio, TARGET_RATIO,
                                ratio >= TARGET_RATIO ? "met" : "MISSED")
                        .row("records lost", "%d", lost)
                        .row("producer", "acks=all, idempotent, linger %s, compression %s, %d partitions",
                                publisher.linger(), publisher.compression(), PARTITIONS)
                        .row("machine", "%d cpus (%s), load %.2f at start, %s, heap max %d MiB, %s", machine.cpus(),
                                machine.cpuModel(), machine.loadAverage(), machine.java(), machine.maxHeapBytes() >> 20,
                                machine.os())
                        .row("commit, date", "%s, %s", machine.commit(), machine.date())
                        .print(System.out);
                return lost == 0 ? 0 : 1;
            }
        } finally {
            deleteRecursively(workDir);
        }
    }

    private record Replayed(Progress progress, PublishStats sent, Duration elapsed) {
        double recordsPerSecond() {
            return progress.published() / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    private static Replayed replay(Path file, PublisherOptions options) throws IOException, InterruptedException {
        ReplayOptions replayOptions = ReplayOptions.builder(file).format(InputFormat.parse("jsonl"))
                .timeShift(TimeShift.NONE).build();
        try (ArticlePublisher publisher = ArticlePublisher.create(options)) {
            long start = System.nanoTime();
            Progress last = new FileReplay(replayOptions, publisher, p -> { }).run();
            publisher.flush();
            long end = System.nanoTime();
            return new Replayed(last, publisher.stats(), Duration.ofNanos(end - start));
        }
    }

    private static PublisherOptions topics(PublisherOptions o, String articles, String dlq) {
        return new PublisherOptions(o.bootstrap(), articles, dlq, o.linger(), o.compression(), o.clientId(),
                o.closeTimeout());
    }

    private static Path writeJsonLines(List<byte[]> records, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (byte[] record : records) {
                out.write(record);
                out.write('\n');
            }
        }
        return file;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
