package io.silgeom.bench;

import io.silgeom.bench.corpus.BenchCorpus;
import io.silgeom.bench.measure.BareProducerLoop;
import io.silgeom.bench.measure.TaskCpu;
import io.silgeom.bench.report.FiguresTable;
import io.silgeom.bench.report.MachineInfo;
import io.silgeom.bench.report.WorkDirectory;
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
import java.io.OutputStreamWriter;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
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
 *       headlines, cycled with new ids up to {@code --limit}) and write it in a temp dir: as JSON lines (the encoded
 *       records) or, with {@code --format csv}, as CSV with one column per article field.</li>
 *   <li>Start an embedded Kafka broker (in this JVM, one node, on a free port).</li>
 *   <li>Bare loop: the same records, already encoded in memory, through a {@code KafkaProducer} with the publisher's
 *       configuration (idempotent, acks=all, lz4, linger); timed to the flush. Its caller only sends.</li>
 *   <li>Replay: the file through {@link FileReplay} into {@link ArticlePublisher}, unpaced, {@code --time-shift none}
 *       (one pass over the file); one thread reads, parses and maps, the caller's encodes and sends (the reading
 *       thread encodes the batches that find the caller behind); timed to the flush.</li>
 *   <li>First both paths once over the first 100,000 records (JIT warm-up, not timed); then bare, replay, bare,
 *       replay, each into its own topic ({@code --passes}, default 2); each figure is the mean of its passes, and the
 *       ratio is also given pass by pass (a bare pass and the replay pass right after it). The process CPU time of
 *       each pass (all threads, the broker's included) is reported per record beside it.</li>
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

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Shared data directory. Default: ${DEFAULT-VALUE}, relative to the working directory (the repository root).")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000000",
            description = "Records replayed (the datasets are cycled with new ids). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--format", defaultValue = "jsonl", paramLabel = "jsonl|csv",
            description = "Input format of the replayed file: JSON lines (the encoded records) or RFC 4180 CSV with one "
                    + "column per article field. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--passes", defaultValue = "2", paramLabel = "N",
            description = "Timed passes of each path, alternating bare and replay. Default: ${DEFAULT-VALUE}.")
    int passes;

    @Option(names = "--warmup", defaultValue = "200000", paramLabel = "N",
            description = "Records of the untimed warm-up, sent by each path in every warm-up round. Default: ${DEFAULT-VALUE}.")
    int warmupRecords;

    @Option(names = "--warmup-rounds", defaultValue = "2", paramLabel = "N",
            description = "Untimed warm-up rounds (bare then replay over the first --warmup records). Default: ${DEFAULT-VALUE}.")
    int warmupRounds;

    @Option(names = "--hold-articles", description = "Keep the corpus's Article objects in memory during the passes "
            + "(neither path uses them; only for comparing with the runs before session 5).")
    boolean holdArticles;

    @Option(names = "--seed", defaultValue = "20241125", description = "Shuffle seed of the dataset mix. Default: ${DEFAULT-VALUE}.")
    long seed;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReplayBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        MachineInfo machine = MachineInfo.collect(Path.of("").toAbsolutePath());
        BenchCorpus corpus = BenchCorpus.load(dataDir, limit, Duration.ofHours(5), Instant.now(), seed);
        int size = corpus.size();
        BenchCorpus.DatasetMix mix = corpus.mix();
        try (WorkDirectory workDir = WorkDirectory.create("silgeom-replay-bench-")) {
            Path file = write(corpus.articles(), corpus.records(), workDir.path().resolve("replay-bench." + format));
            int warmup = Math.min(size, warmupRecords);
            Path warmupFile = write(corpus.articles().subList(0, warmup), corpus.records().subList(0, warmup),
                    workDir.path().resolve("warmup." + format));
            List<String> keys = corpus.articles().stream().map(Article::id).toList();
            List<byte[]> records = corpus.records();
            // The bare loop needs the keys and the encoded records in memory; nobody needs the Article objects (the
            // replay reads the file): dropping them keeps the old generation, which every concurrent mark walks, to
            // what the bare loop must hold.
            Object held = holdArticles ? corpus : null;
            corpus = null;
            try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(0, workDir.path().resolve("kafka"))) {
                Map<String, Integer> topics = new HashMap<>(Map.of("bench.warmup", PARTITIONS, "bench.warmup.dlq", 1,
                        "silgeom.articles.dlq", 1));
                for (int pass = 1; pass <= passes; pass++) {
                    topics.put("bench.bare." + pass, PARTITIONS);
                    topics.put("bench.replay." + pass, PARTITIONS);
                }
                kafka.createTopics(topics);
                Settings settings = Settings.load(Settings.PROFILE_EMBEDDED, null)
                        .with(CoreConfig.KAFKA_BOOTSTRAP.name(), kafka.bootstrapServers());
                PublisherOptions publisher = IngestConfig.from(settings).publisherOptions(CoreConfig.from(settings));

                // Warm-up: both paths over the head of the stream, so the JIT has compiled the hot code before the
                // clock runs. It goes on compiling the broker's per-request code for millions of records (the log
                // gives its share): the pass order below spreads that over both paths.
                CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
                for (int round = 1; round <= warmupRounds; round++) {
                    long compiled = jit.getTotalCompilationTime();
                    long started = System.nanoTime();
                    TaskCpu tasks = TaskCpu.start();
                    BareProducerLoop.run(publisher.producerConfig(), "bench.warmup", keys.subList(0, warmup),
                            records.subList(0, warmup));
                    replay(warmupFile, topics(publisher, "bench.warmup", "bench.warmup.dlq"));
                    LOG.info("warm-up round {}: {} records each way; JIT compiling {}% of the time; CPU µs/record by "
                            + "thread: {}", round, warmup, Math.round(100 * (jit.getTotalCompilationTime() - compiled)
                                    / ((System.nanoTime() - started) / 1e6)), perRecord(tasks, 2L * warmup));
                }

                // Alternate, so both paths see the same machine: others' load on a shared box moves every figure.
                Bare[] bare = new Bare[passes];
                Replayed[] replayed = new Replayed[passes];
                // Within a pair the order flips every pass (bare, replay, replay, bare, ...), so a drift over the run
                // (the JIT still compiling the broker's code, the page cache filling with the broker's log) falls on
                // both paths alike instead of always on the one that runs first.
                for (int pass = 0; pass < passes; pass++) {
                    if (order(pass) == Order.BARE_FIRST) {
                        bare[pass] = barePass(publisher, pass, keys, records);
                        replayed[pass] = replayPass(file, publisher, pass);
                    } else {
                        replayed[pass] = replayPass(file, publisher, pass);
                        bare[pass] = barePass(publisher, pass, keys, records);
                    }
                }
                double baseline = Arrays.stream(bare).mapToDouble(b -> b.pass().recordsPerSecond()).average().orElse(0);
                double replayRate = Arrays.stream(replayed).mapToDouble(Replayed::recordsPerSecond).average().orElse(0);
                double ratio = replayRate / baseline;
                double[] pairRatios = new double[passes];
                for (int pass = 0; pass < passes; pass++) {
                    pairRatios[pass] = replayed[pass].recordsPerSecond() / bare[pass].pass().recordsPerSecond();
                }
                double bareCpu = Arrays.stream(bare).mapToDouble(Bare::cpuMicrosPerRecord).average().orElse(0);
                double replayCpu = Arrays.stream(replayed).mapToDouble(Replayed::cpuMicrosPerRecord).average().orElse(0);
                // The second half of the passes: the JIT's compiling of the broker's code is mostly over by then.
                int settledFrom = passes / 2;
                double bareCpuSettled = Arrays.stream(bare, settledFrom, passes).mapToDouble(Bare::cpuMicrosPerRecord)
                        .average().orElse(0);
                double replayCpuSettled = Arrays.stream(replayed, settledFrom, passes)
                        .mapToDouble(Replayed::cpuMicrosPerRecord).average().orElse(0);
                long lost = 0;
                for (int pass = 0; pass < passes; pass++) {
                    lost += bare[pass].pass().failed() + replayed[pass].sent().failed() + replayed[pass].sent().inFlight()
                            + (size - replayed[pass].progress().published() - replayed[pass].progress().deadLettered());
                }
                machine.runTable()
                        .row("records", "%,d (%,d tweets, %,d newswire, %,d Korean headlines in the pool, cycled)",
                                size, mix.tweets(), mix.newswire(), mix.koreanHeadlines())
                        .row("file", "%s, %,d bytes", format, Files.size(file))
                        .row("producer", "acks=all, idempotent, linger %s, compression %s, %d partitions, one broker in "
                                + "this JVM", publisher.linger(), publisher.compression(), PARTITIONS)
                        .print(System.out);
                new FiguresTable("Replay throughput (issue 7, item 5)")
                        .row("bare producer loop", "%,.0f records/s (passes: %s; process CPU %.1f µs/record)", baseline,
                                each(bare, b -> b.pass().recordsPerSecond(), "%,.0f"), bareCpu)
                        .row("replay (FileReplay + ArticlePublisher)", "%,.0f records/s (passes: %s; process CPU %.1f "
                                + "µs/record; %,d published, %,d dead-lettered per pass)", replayRate,
                                each(replayed, Replayed::recordsPerSecond, "%,.0f"), replayCpu,
                                replayed[0].progress().published(), replayed[0].progress().deadLettered())
                        .row("ratio replay / bare", "%.2f (target >= %.1f: %s); pass by pass: %s", ratio, TARGET_RATIO,
                                ratio >= TARGET_RATIO ? "met" : "MISSED", each(pairRatios, "%.2f"))
                        .row("CPU ratio bare / replay", "%.2f (the throughput ratio when both are CPU-bound on the same "
                                + "cores)", bareCpu / replayCpu)
                        .row("CPU ratio, passes " + (settledFrom + 1) + "-" + passes, "%.2f (%.1f / %.1f µs/record; the JIT "
                                + "still compiles the broker's code in the first passes)", bareCpuSettled / replayCpuSettled,
                                bareCpuSettled, replayCpuSettled)
                        .row("records lost", "%d", lost)
                        .print(System.out);
                if (held != null) {
                    LOG.debug("held during the passes: {}", held.getClass().getSimpleName());
                }
                return lost == 0 ? 0 : 1;
            }
        }
    }

    enum Order { BARE_FIRST, REPLAY_FIRST }

    /** Pass 1 bare first, pass 2 replay first, pass 3 replay first, pass 4 bare first, and so on (ABBA). */
    static Order order(int pass) {
        return ((pass + 1) / 2) % 2 == 0 ? Order.BARE_FIRST : Order.REPLAY_FIRST;
    }

    private Bare barePass(PublisherOptions publisher, int pass, List<String> keys, List<byte[]> records) {
        long cpu = processCpuNanos();
        GcCount gc = GcCount.now();
        TaskCpu tasks = TaskCpu.start();
        BareProducerLoop.Pass p = BareProducerLoop.run(publisher.producerConfig(), "bench.bare." + (pass + 1), keys,
                records);
        Bare bare = new Bare(p, processCpuNanos() - cpu);
        LOG.info("bare pass {}: {} records/s; {}; CPU µs/record by thread: {}", pass + 1,
                Math.round(p.recordsPerSecond()), gc.since(), perRecord(tasks, p.records()));
        return bare;
    }

    private Replayed replayPass(Path file, PublisherOptions publisher, int pass) throws IOException, InterruptedException {
        GcCount gc = GcCount.now();
        TaskCpu tasks = TaskCpu.start();
        Replayed replayed = replay(file, topics(publisher, "bench.replay." + (pass + 1), "silgeom.articles.dlq"));
        LOG.info("replay pass {}: {} records/s; {}; CPU µs/record by thread: {}", pass + 1,
                Math.round(replayed.recordsPerSecond()), gc.since(), perRecord(tasks, replayed.progress().published()));
        return replayed;
    }

    /** A bare pass and the CPU time the whole process used during it (broker and producer threads included). */
    private record Bare(BareProducerLoop.Pass pass, long cpuNanos) {
        double cpuMicrosPerRecord() {
            return cpuNanos / 1e3 / Math.max(1, pass.records());
        }
    }

    private record Replayed(Progress progress, PublishStats sent, Duration elapsed, long cpuNanos) {
        double recordsPerSecond() {
            return progress.published() / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        double cpuMicrosPerRecord() {
            return cpuNanos / 1e3 / Math.max(1, progress.published());
        }
    }

    private Replayed replay(Path file, PublisherOptions options) throws IOException, InterruptedException {
        ReplayOptions replayOptions = ReplayOptions.builder(file).format(InputFormat.parse(format))
                .timeShift(TimeShift.NONE).build();
        long cpu = processCpuNanos();
        Replayed result;
        try (ArticlePublisher publisher = ArticlePublisher.create(options)) {
            long start = System.nanoTime();
            Progress last = new FileReplay(replayOptions, publisher, p -> { }).run();
            publisher.flush();
            long end = System.nanoTime();
            result = new Replayed(last, publisher.stats(), Duration.ofNanos(end - start), 0);
        }
        return new Replayed(result.progress(), result.sent(), result.elapsed(), processCpuNanos() - cpu);
    }

    /** Young and old collections and their time since {@link #now()}, and the heap in use after the last one. */
    private record GcCount(long count, long millis) {
        static GcCount now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += gc.getCollectionCount();
                millis += gc.getCollectionTime();
            }
            return new GcCount(count, millis);
        }

        String since() {
            GcCount now = now();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return String.format(Locale.ROOT, "GC: %d collections, %d ms; heap used %d MB of %d MB", now.count - count,
                    now.millis - millis, heap.getUsed() >> 20, heap.getCommitted() >> 20);
        }
    }

    /** CPU µs per record by thread group, the groups above 0.05 µs, largest first. */
    private static String perRecord(TaskCpu tasks, long records) {
        Map<String, Long> byGroup = tasks.stop();
        Map<String, Long> sys = tasks.sysByGroup();
        return byGroup.entrySet().stream()
                .filter(e -> e.getValue() / 1e3 / Math.max(1, records) >= 0.05)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e3 / Math.max(1, records))
                        + (sys.getOrDefault(e.getKey(), 0L) / 1e3 / Math.max(1, records) >= 0.1 ? String.format(
                                Locale.ROOT, " (sys %.2f)", sys.get(e.getKey()) / 1e3 / Math.max(1, records)) : ""))
                .collect(Collectors.joining(", ", String.format(Locale.ROOT, "total %.2f (sys %.2f): ",
                        byGroup.values().stream().mapToLong(Long::longValue).sum() / 1e3 / Math.max(1, records),
                        tasks.sysNanos() / 1e3 / Math.max(1, records)), ""));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static <T> String each(T[] passes, ToDoubleFunction<T> figure, String format) {
        return each(Arrays.stream(passes).mapToDouble(figure).toArray(), format);
    }

    private static String each(double[] values, String format) {
        return Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, format, v)).collect(Collectors.joining(", "));
    }

    private static PublisherOptions topics(PublisherOptions o, String articles, String dlq) {
        return new PublisherOptions(o.bootstrap(), articles, dlq, o.linger(), o.compression(), o.clientId(),
                o.closeTimeout());
    }

    /** The stream as the replay's input: JSON lines = the encoded records as they are; CSV = one column per field. */
    private Path write(List<Article> articles, List<byte[]> records, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            if (format.equals("jsonl")) {
                for (byte[] record : records) {
                    out.write(record);
                    out.write('\n');
                }
                return file;
            }
            try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.RFC4180)) {
                csv.printRecord("id", "source", "site", "author", "lang", "publishedAt", "title", "body", "url");
                for (Article a : articles) {
                    csv.printRecord(a.id(), a.source().wireName(), a.site(), a.author(), a.lang(), a.publishedAt(),
                            a.title(), a.body(), a.url());
                }
            }
        }
        return file;
    }
}
