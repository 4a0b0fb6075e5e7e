package io.silgeom.bench;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.archive.RawArchiver;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.batch.schedule.BatchProgressListener;
import io.silgeom.batch.schedule.BatchReport;
import io.silgeom.batch.schedule.BatchRun;
import io.silgeom.batch.schedule.StepResult;
import io.silgeom.bench.corpus.BenchCorpus;
import io.silgeom.bench.measure.Throughput;
import io.silgeom.bench.report.FiguresTable;
import io.silgeom.bench.report.MachineInfo;
import io.silgeom.bench.report.WorkDirectory;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.Verdict;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.RedisClient;

/**
 * Issue 4, item 7: the batch layer over a million documents. The documents go through the real path into the raw
 * archive (Kafka, then the raw archiver), then, in one run on the same archive:
 * <ol>
 *   <li>(a) the analyzer alone: every archived line validated and analyzed ({@link DocumentAnalyzer}), on
 *       {@code --threads} threads: what the job's analysis costs without Hadoop;</li>
 *   <li>(b) the keyword-hourly MapReduce job alone, LocalJobRunner with {@code --threads} map and reduce tasks at
 *       once: documents/s, and (b)/(a);</li>
 *   <li>(c) the whole nightly step list ({@link BatchRun}: snapshot, keyword-hourly, input check, baselines,
 *       features, publish to Redis, reconcile, report): wall time, per step.</li>
 * </ol>
 * Figures go to stdout as Markdown, progress to stderr. See docs/benchmarks.md.
 */
@Command(name = "batch-layer-benchmark", mixinStandardHelpOptions = true,
        description = "Measures the keyword-hourly MapReduce job against the analyzer alone on the same archive, and "
                + "the whole nightly batch pipeline's wall time.")
public final class BatchLayerBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchLayerBenchmark.class);
    /** Issue 4, item 7: the MapReduce job should keep at least this share of the analyzer's throughput. */
    static final double TARGET_RATIO = 0.7;
    /** Issue 4, item 7: the nightly pipeline over 1M documents, at most. */
    static final Duration TARGET_PIPELINE = Duration.ofMinutes(10);

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Shared data directory. Default: ${DEFAULT-VALUE}, relative to the repository root.")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000000",
            description = "Documents in the archive; the datasets are cycled with new ids. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--days", paramLabel = "D", defaultValue = "7",
            description = "Event times spread over the last D days (gives the baselines job history). Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "2",
            description = "Analyzer threads in (a); map and reduce tasks at once in (b) and (c). Default: ${DEFAULT-VALUE} (both cores).")
    int threads;

    @Option(names = "--seed", defaultValue = "20241125", description = "Shuffle seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "2",
            description = "Rounds of (a) then (b); each figure is over all its rounds, so load that changes during the "
                    + "run weighs on both. Default: ${DEFAULT-VALUE}.")
    int rounds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchLayerBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        MachineInfo machine = MachineInfo.collect(Path.of("").toAbsolutePath());
        Instant now = Instant.now();
        BenchCorpus corpus = BenchCorpus.load(dataDir, limit, Duration.ofDays(days), now, seed);
        try (WorkDirectory workDir = WorkDirectory.create("silgeom-batch-bench-");
             EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir.path()))) {
            Settings settings = stack.settings().with("archive.flush.interval", "5s");
            CoreConfig core = CoreConfig.from(settings);
            BatchConfig batchConfig = BatchConfig.from(settings);
            Configuration hadoop = new Configuration(stack.hadoopConfiguration());
            // Both cores: LocalJobRunner runs one map and one reduce task at a time unless told otherwise.
            hadoop.setInt("mapreduce.local.map.tasks.maximum", threads);
            hadoop.setInt("mapreduce.local.reduce.tasks.maximum", threads);
            hadoop.setInt("mapreduce.job.reduces", threads);
            KeywordHourlyJob.configurePolicy(hadoop, settings);

            LOG.info("bench: archiving {} documents (Kafka -> raw archiver)", corpus.size());
            Instant archiveStart = Instant.now();
            RawArchiver archiver = stack.track(RawArchiver.start(core, batchConfig, hadoop));
            try (ArticlePublisher publisher = ArticlePublisher.create(IngestConfig.from(settings).publisherOptions(core))) {
                corpus.articles().forEach(publisher::publish);
                publisher.flush();
            }
            awaitArchived(archiver, corpus.size());
            Duration archiving = Duration.between(archiveStart, Instant.now());
            HdfsLayout layout = HdfsLayout.of(stack.hdfsRoot().toString());
            List<Path> rawFiles = rawFiles(Path.of(stack.hdfsRoot()).resolve("raw"));
            LOG.info("bench: {} raw files in {}", rawFiles.size(), archiving);

            DocumentAnalyzer analyzer = DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create());
            ArticleValidator validator = new ArticleValidator(core.maxRecordBytes());
            // The latest cutoff a run may take: the current hour (its articles are left to the speed view).
            Instant cutoff = TimeBuckets.hourStart(Instant.now());
            Configuration jobConf = new Configuration(hadoop);
            KeywordHourlyJob.configure(jobConf, cutoff, archiver.archivedOffsets());
            // Warm-up, untimed, of both: the first pass of either spends seconds of CPU in the JIT compiler.
            analyzeAll(rawFiles, validator, analyzer, threads);
            if (ToolRunner.run(jobConf, new KeywordHourlyJob(), new String[] {layout.root().toString(), "bench-warm-up"}) != 0) {
                throw new IllegalStateException("keyword-hourly job failed in the warm-up");
            }
            List<Throughput> alone = new ArrayList<>();
            List<Throughput> job = new ArrayList<>();
            long[] cpuNanos = new long[2]; // (a), (b): this process's CPU time, less sensitive to other load than wall time
            for (int round = 1; round <= rounds; round++) {
                long cpuStart = processCpuNanos();
                alone.add(analyzeAll(rawFiles, validator, analyzer, threads));
                cpuNanos[0] += processCpuNanos() - cpuStart;
                LOG.info("bench: round {} (a) analyzer alone: {} docs/s", round, Math.round(alone.get(round - 1).documentsPerSecond()));
                long jobStart = System.nanoTime();
                cpuStart = processCpuNanos();
                int rc = ToolRunner.run(jobConf, new KeywordHourlyJob(), new String[] {layout.root().toString(), "bench-job-" + round});
                job.add(new Throughput(corpus.size(), Duration.ofNanos(System.nanoTime() - jobStart)));
                cpuNanos[1] += processCpuNanos() - cpuStart;
                if (rc != 0) {
                    throw new IllegalStateException("keyword-hourly job failed, exit code " + rc);
                }
                LOG.info("bench: round {} (b) keyword-hourly job: {} docs/s", round, Math.round(job.get(round - 1).documentsPerSecond()));
            }

            RedisClient redis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));
            BatchReport report = new BatchRun(core, batchConfig, hadoop, redis, java.time.Clock.systemUTC())
                    .run(Optional.of(cutoff), BatchProgressListener.NONE);
            if (!report.succeeded()) {
                throw new IllegalStateException("nightly pipeline failed: " + report.error().orElse("?"));
            }
            Duration pipeline = Duration.between(report.startedAt(), report.finishedAt());
            LOG.info("bench: (c) nightly pipeline: {}", pipeline);

            report(machine, corpus, archiving, rawFiles.size(), alone, job, cpuNanos, report, pipeline);
        }
        return 0;
    }

    private void report(MachineInfo machine, BenchCorpus corpus, Duration archiving, int rawFiles, List<Throughput> alones,
                        List<Throughput> jobs, long[] cpuNanos, BatchReport report, Duration pipeline) {
        Throughput alone = total(alones);
        Throughput job = total(jobs);
        double ratio = job.documentsPerSecond() / alone.documentsPerSecond();
        StringBuilder perRound = new StringBuilder();
        for (int i = 0; i < jobs.size(); i++) {
            perRound.append(i == 0 ? "" : ", ").append(String.format("%.2f",
                    jobs.get(i).documentsPerSecond() / alones.get(i).documentsPerSecond()));
        }
        BenchCorpus.DatasetMix mix = corpus.mix();
        machine.runTable()
                .row("data", "%s: %,d tweets + %,d newswire + %,d Korean headlines, cycled with new ids to %,d documents "
                                + "(%.0f MB JSON), event times over the last %d days", dataDir, mix.tweets(), mix.newswire(),
                        mix.koreanHeadlines(), corpus.size(), corpus.totalRecordBytes() / 1e6, days)
                .row("archive", "Kafka -> raw archiver: %.1f s, %,d raw files", archiving.toMillis() / 1e3, rawFiles)
                .row("parallelism", "%d analyzer threads; %d map and %d reduce tasks at once (LocalJobRunner)", threads,
                        threads, threads)
                .row("rounds", "%d, each (a) then (b), after one untimed pass of each", jobs.size())
                .print(System.out);
        FiguresTable figures = new FiguresTable("Figures")
                .row("(a) analyzer alone (validate + DocumentAnalyzer)", "%,.0f docs/s (%.1f s per round)",
                        alone.documentsPerSecond(), alone.elapsed().toMillis() / 1e3 / alones.size())
                .row("(b) keyword-hourly MapReduce job", "%,.0f docs/s (%.1f s per round; in (c) it counted %,d articles, %,d "
                                + "duplicates, %,d invalid)", job.documentsPerSecond(), job.elapsed().toMillis() / 1e3 / jobs.size(),
                        report.counts().countedArticles(), report.counts().duplicates(), report.counts().invalid())
                .row("(b)/(a) ratio", "%.2f (rounds: %s; target >= %.1f: %s)", ratio, perRound, TARGET_RATIO,
                        ratio >= TARGET_RATIO ? "met" : "MISSED")
                .row("(b)/(a) in CPU time", "%.2f ((a) %.1f s, (b) %.1f s of this process's CPU over all rounds)",
                        (double) cpuNanos[0] / cpuNanos[1], cpuNanos[0] / 1e9, cpuNanos[1] / 1e9)
                .row("(c) nightly pipeline, wall time", "%.1f s (target <= %d min: %s)", pipeline.toMillis() / 1e3,
                        TARGET_PIPELINE.toMinutes(), pipeline.compareTo(TARGET_PIPELINE) <= 0 ? "met" : "MISSED");
        for (StepResult step : report.steps()) {
            figures.row("(c) step " + step.step().wireName(), "%.1f s%s", step.took().toMillis() / 1e3,
                    step.attempts() > 1 ? " (" + step.attempts() + " attempts)" : "");
        }
        figures.print(System.out);
    }

    /** CPU time of this whole process (every thread: the broker and archiver too, idle by then). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** All rounds as one span: documents and time added. */
    private static Throughput total(List<Throughput> rounds) {
        return new Throughput(rounds.stream().mapToLong(Throughput::documents).sum(),
                rounds.stream().map(Throughput::elapsed).reduce(Duration.ZERO, Duration::plus));
    }

    private static void awaitArchived(RawArchiver archiver, long expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            archiver.flush();
            long archived = archiver.archivedOffsets().values().stream().mapToLong(Long::longValue).sum();
            if (archived >= expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("archiver stalled at " + archived + " of " + expected);
            }
            LOG.info("bench: archived {} of {}", archived, expected);
            Thread.sleep(2000);
        }
    }

    private static List<Path> rawFiles(Path raw) throws IOException {
        try (Stream<Path> files = Files.walk(raw.resolve("articles"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /** Every line of every file, on {@code threads} threads (files dealt round robin). */
    private static Throughput analyzeAll(List<Path> files, ArticleValidator validator, DocumentAnalyzer analyzer,
                                         int threads) throws Exception {
        AtomicLong documents = new AtomicLong();
        AtomicLong keywords = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int i = first; i < files.size(); i += threads) {
                        try (BufferedReader r = Files.newBufferedReader(files.get(i), StandardCharsets.UTF_8)) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) {
                                documents.incrementAndGet();
                                if (validator.validate(line.getBytes(StandardCharsets.UTF_8), null) instanceof Verdict.Valid v) {
                                    keywords.addAndGet(analyzer.analyze(v.article()).keywords().size());
                                }
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        LOG.debug("bench: analysis found {} keywords", keywords.get());
        return new Throughput(documents.get(), Duration.ofNanos(System.nanoTime() - start));
    }

}
