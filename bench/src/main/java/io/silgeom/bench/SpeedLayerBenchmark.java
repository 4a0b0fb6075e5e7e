package io.silgeom.bench;

import io.silgeom.bench.corpus.BenchCorpus;
import io.silgeom.bench.measure.AnalysisThroughput;
import io.silgeom.bench.measure.ApplyDelay;
import io.silgeom.bench.measure.CpuTime;
import io.silgeom.bench.measure.RedisMemory;
import io.silgeom.bench.measure.SpeedLayerThroughput;
import io.silgeom.bench.measure.TaskCpu;
import io.silgeom.bench.measure.ThreadCpu;
import io.silgeom.bench.measure.Throughput;
import io.silgeom.bench.report.FiguresTable;
import io.silgeom.bench.report.MachineInfo;
import io.silgeom.bench.report.WorkDirectory;
import io.silgeom.core.article.Article;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.DurationParser;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.ArticleAnalyzer;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The speed-layer benchmark of issue 3 (item 8), on the shared datasets; docs/benchmarks.md explains each figure.
 * Every figure comes from one run, so the ratio compares like with like on a shared, noisy machine.
 *
 * <ol>
 *   <li>Start the embedded stack (Kafka broker in this JVM, redis-server child) on free ports in a temp dir.</li>
 *   <li>(a) Warm up, then measure validate + analyze alone over the corpus, one thread.</li>
 *   <li>Load the whole corpus into the articles topic; read Redis {@code used_memory}.</li>
 *   <li>(b) Start the speed layer; after a warm-up, measure while the pipeline is full: until all but the last
 *       quarter of the records are accounted for ({@link SpeedLayerThroughput}).
 *       (d) Read {@code used_memory} again: the difference, per document, scaled to a million.</li>
 *   <li>(a) again, so the baseline brackets (b) in time; the baseline is the mean of the two passes.</li>
 *   <li>(c) With the speed layer still running, send at a paced rate and time each article from send to applied.</li>
 * </ol>
 * Prints a Markdown table on stdout; progress on stderr. Exit code 0 even if a target is missed (the table says so),
 * 1 if the run itself failed.
 */
@Command(name = "speed-layer-benchmark", mixinStandardHelpOptions = true,
        description = "Measures documents/s through analysis alone and through the whole speed layer, the "
                + "produce-to-applied delay at a paced rate, and Redis memory per million documents.")
public final class SpeedLayerBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayerBenchmark.class);
    /** Issue 3, item 8: the whole speed layer should keep at least this share of analysis-alone throughput. */
    static final double TARGET_RATIO = 0.8;
    /** Records analyzed before the first timed pass, so the JIT has compiled the hot paths. */
    static final int WARMUP_RECORDS = 20_000;
    /**
     * Records the speed layer takes before (b) is timed. More than (a)'s warm-up: the JIT compiler was still at work
     * on the speed layer's code (Kafka client, apply building) for seconds after 20,000, a start-up cost a speed
     * layer running for days does not pay.
     */
    static final int SPEED_WARMUP_RECORDS = 50_000;
    private static final Duration SPEED_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(2);

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "Shared data directory (crisislex_tweets/, reuters21578/, kocohub_korean_hate_speech/). Default: ${DEFAULT-VALUE}, relative to the working directory (the repository root).")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100000",
            description = "Documents in the stream for (a), (b) and (d); the datasets are cycled with new ids if they hold fewer. Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--rate", paramLabel = "DOCS_PER_S", defaultValue = "2000",
            description = "Paced send rate for the delay figure (c). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--paced", paramLabel = "DURATION", defaultValue = "30",
            description = "Seconds of paced sending for (c). Default: ${DEFAULT-VALUE}.")
    int pacedSeconds;

    @Option(names = "--window", paramLabel = "DURATION", defaultValue = "2m", converter = DurationOption.class,
            description = "Event times of the stream spread evenly over the last DURATION: 2m is a live feed (what the "
                    + "speed layer is for: articles published minutes ago, so the buckets of a batch are few); 5h is a "
                    + "backfill (every minute bucket distinct, the worst case for Redis). At most 6h, the minute-bucket "
                    + "retention. Default: ${DEFAULT-VALUE}.")
    Duration window;

    /** Durations as the configuration writes them: 2m, 5h, 90s. */
    static final class DurationOption implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return DurationParser.parse(value);
        }
    }

    @Option(names = "--seed", defaultValue = "20241125", description = "Shuffle seed of the dataset mix. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Configuration override for the layers, e.g. --set speed.flush.interval=200ms (default: the embedded profile).")
    Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpeedLayerBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        MachineInfo machine = MachineInfo.collect(Path.of("").toAbsolutePath());
        Instant now = Instant.now();
        BenchCorpus corpus = BenchCorpus.load(dataDir, limit, window, now, seed);
        try (WorkDirectory workDir = WorkDirectory.create("silgeom-bench-");
             EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir.path()))) {
            Settings settings = stack.settings();
            for (Map.Entry<String, String> o : overrides.entrySet()) {
                settings = settings.with(o.getKey(), o.getValue());
            }
            CoreConfig core = CoreConfig.from(settings);
            SpeedConfig speedConfig = SpeedConfig.from(settings);
            // The watcher of (c) must outlast a slow Lua apply on a loaded machine (Jedis's default read timeout is 2 s).
            RedisClient redis = stack.track(RedisClient.builder().hostAndPort(stack.redisHost(), stack.redisPort())
                    .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(30_000).build()).build());

            // (a), first pass, after a warm-up.
            // Both sides run the production analysis: content filter, keywords, blocklist.
            DocumentAnalyzer documents = DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create());
            AnalysisThroughput analysis = new AnalysisThroughput(new ArticleValidator(core.maxRecordBytes()), documents);
            LOG.info("bench: warming up analysis on {} records", Math.min(WARMUP_RECORDS, corpus.size()));
            analysis.measure(corpus.records().subList(0, Math.min(WARMUP_RECORDS, corpus.size())), Instant.now());
            long cpuStart = CpuTime.currentThreadNanos();
            Throughput analysisBefore = analysis.measure(corpus.records(), Instant.now());
            long analysisCpuNanos = CpuTime.currentThreadNanos() - cpuStart;
            LOG.info("bench: (a) analysis alone: {} docs/s", Math.round(analysisBefore.documentsPerSecond()));

            // Load the topic before the speed layer starts: the broker must not be what (b) measures. The warm-up
            // records go first: copies of the first ones under new ids, so they count like any article.
            int warmup = Math.min(SPEED_WARMUP_RECORDS, corpus.size());
            LOG.info("bench: loading {} warm-up and {} measured records into {}", warmup, corpus.size(),
                    core.articlesTopic());
            try (ArticlePublisher publisher = ArticlePublisher.create(IngestConfig.from(settings).publisherOptions(core))) {
                corpus.articles().subList(0, warmup).forEach(a -> publisher.publish(warmupCopy(a)));
                corpus.articles().forEach(publisher::publish);
                publisher.flush();
            }
            long memoryBefore = RedisMemory.usedBytes(redis);
            long keysBefore = redis.dbSize();

            // (b) and (d).
            SpeedLayer speed = stack.track(SpeedLayer.create(speedConfig, core, ArticleAnalyzer.of(documents), null));
            Thread speedThread = new Thread(speed, "silgeom-speed");
            speedThread.start();
            LOG.info("bench: (b) speed layer started; warming up on {} records", warmup);
            AtomicReference<CpuTime.Reading> cpuAtStart = new AtomicReference<>();
            AtomicReference<ThreadCpu> threadsStart = new AtomicReference<>();
            AtomicReference<JvmWork> jvmStart = new AtomicReference<>();
            AtomicReference<TaskCpu> tasks = new AtomicReference<>();
            AtomicReference<Map<String, Long>> taskNanosAtEnd = new AtomicReference<>();
            AtomicReference<CpuTime.Reading> cpuAtEnd = new AtomicReference<>();
            AtomicReference<Map<String, Long>> threadNanosAtEnd = new AtomicReference<>();
            AtomicReference<JvmWork> jvmAtEnd = new AtomicReference<>();
            SpeedLayerThroughput.Result whole = SpeedLayerThroughput.await(speed, warmup, corpus.size(), SPEED_TIMEOUT,
                    () -> {
                        cpuAtStart.set(CpuTime.read(redis));
                        threadsStart.set(ThreadCpu.snapshot());
                        jvmStart.set(JvmWork.read());
                        tasks.set(TaskCpu.start());
                    },
                    () -> {
                        taskNanosAtEnd.set(tasks.get().stop());
                        cpuAtEnd.set(CpuTime.read(redis));
                        threadNanosAtEnd.set(ThreadCpu.snapshot().since(threadsStart.get(), SpeedLayerBenchmark::threadGroup));
                        jvmAtEnd.set(JvmWork.read().since(jvmStart.get()));
                    });
            Map<String, Long> taskNanos = taskNanosAtEnd.get();
            CpuTime.Reading cpuAfter = cpuAtEnd.get();
            Map<String, Long> threadNanos = threadNanosAtEnd.get();
            JvmWork jvmWork = jvmAtEnd.get();
            CpuTime.Reading cpuBefore = cpuAtStart.get();
            CpuTime.Shares cpu = cpuAfter.since(cpuBefore, whole.throughput().elapsed());
            long measured = whole.throughput().documents();
            long memoryAfter = RedisMemory.usedBytes(redis);
            long keysAfter = redis.dbSize();
            LOG.info("bench: redis commandstats after (b):\n{}", redis.info("commandstats"));
            LOG.info("bench: (b) whole speed layer: {} docs/s, {}", Math.round(whole.throughput().documentsPerSecond()),
                    whole.stats());

            // (a), second pass: the baseline brackets (b) in time.
            cpuStart = CpuTime.currentThreadNanos();
            Throughput analysisAfter = analysis.measure(corpus.records(), Instant.now());
            analysisCpuNanos += CpuTime.currentThreadNanos() - cpuStart;
            LOG.info("bench: (a) analysis alone, again: {} docs/s", Math.round(analysisAfter.documentsPerSecond()));

            // (c), into the same running speed layer.
            LOG.info("bench: (c) sending {} docs/s for {} s", rate, pacedSeconds);
            ApplyDelay.Result delay;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                    IngestConfig.from(settings).publisherOptions(core).producerConfig())) {
                delay = new ApplyDelay(producer, core.articlesTopic(), redis, RedisKeys.speedOffsets(speed.generation()),
                        WATCH_INTERVAL).measure(i -> paced(corpus.poolArticle(i), i), rate,
                        Duration.ofSeconds(pacedSeconds), DRAIN_TIMEOUT);
            }

            report(machine, corpus, core, speedConfig, analysisBefore, analysisAfter, analysis.keywordsSeen(), whole,
                    memoryBefore, memoryAfter, keysBefore, keysAfter, delay, cpu, threadNanos, taskNanos, jvmWork,
                    warmup, new CpuPerDocument(analysisCpuNanos / (2.0 * corpus.size()),
                            (cpuAfter.jvm().toNanos() - cpuBefore.jvm().toNanos()) / (double) measured,
                            (cpuAfter.redis().toNanos() - cpuBefore.redis().toNanos()) / (double) measured));
        }
        return 0;
    }

    /**
     * CPU time per document: the analysis thread's in (a), mean of both passes; the whole JVM's and redis-server's
     * over (b). Unlike the throughput, it hardly depends on what else the machine runs, so it shows what (b) costs
     * beyond analysis even on a loaded machine.
     */
    private static String byThread(Map<String, Long> threadNanos, double jvmNanosPerDoc, int documents) {
        StringBuilder out = new StringBuilder();
        double javaThreads = 0;
        for (Map.Entry<String, Long> e : threadNanos.entrySet()) {
            double perDoc = e.getValue() / (double) documents;
            javaThreads += perDoc;
            out.append(String.format("%s %.1f us; ", e.getKey(), perDoc / 1e3));
        }
        // The process's CPU beyond its Java threads: garbage collection, the JIT compiler, the VM.
        return out.append(String.format("GC, JIT and VM threads %.1f us", Math.max(0, jvmNanosPerDoc - javaThreads) / 1e3))
                .toString();
    }

    /**
     * The CPU per document of the JVM's own threads ({@link TaskCpu}, from /proc: garbage collector, JIT compilers, VM
     * thread), which {@link ThreadCpu} cannot see; empty where /proc is missing.
     */
    private static String jvmThreads(Map<String, Long> taskNanos, int documents) {
        long gc = 0;
        long jit = 0;
        long vm = 0;
        for (Map.Entry<String, Long> e : taskNanos.entrySet()) {
            String name = e.getKey();
            // TaskCpu's groups are the thread names with their digits as '#': "G# Conc#" is G1 Conc#0, ...
            if (name.startsWith("GC Thread") || name.startsWith("G# ")) {
                gc += e.getValue();
            } else if (name.startsWith("C# CompilerThre")) {
                jit += e.getValue();
            } else if (name.startsWith("VM ")) {
                vm += e.getValue();
            }
        }
        return String.format("garbage collector (GC Thread, G1 Conc/Refine/...) %.1f us; JIT compilers (C1, C2) %.1f us; "
                + "VM thread %.1f us (from /proc, 10 ms ticks)", gc / 1e3 / documents, jit / 1e3 / documents,
                vm / 1e3 / documents);
    }

    private record CpuPerDocument(double analysisNanos, double jvmNanos, double redisNanos) {
    }

    /** A copy of {@code a} under a new id: a warm-up record that counts like the measured ones. */
    private static Article warmupCopy(Article a) {
        return new Article("warmup-" + a.id(), a.source(), a.site(), a.author(), a.lang(), a.publishedAt(), a.title(),
                a.body(), a.url());
    }

    /** Garbage collection and JIT compilation so far, as the JVM's management beans count them. */
    private record JvmWork(long gcMillis, long gcCount, long jitMillis) {
        static JvmWork read() {
            long millis = 0;
            long count = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                millis += Math.max(0, gc.getCollectionTime());
                count += Math.max(0, gc.getCollectionCount());
            }
            return new JvmWork(millis, count, ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
        }

        JvmWork since(JvmWork earlier) {
            return new JvmWork(gcMillis - earlier.gcMillis, gcCount - earlier.gcCount, jitMillis - earlier.jitMillis);
        }
    }

    /** What a thread of this JVM does, from its name: the groups of the "CPU per document by thread" row. */
    private static String threadGroup(String name) {
        if (name.equals("silgeom-speed")) {
            return "consumer thread (poll, analysis, apply)";
        }
        if (name.startsWith("silgeom-speed-analysis")) {
            return "analysis helper";
        }
        if (name.startsWith("silgeom-speed-")) {
            return "apply helpers (build, send, settle)";
        }
        if (name.startsWith("kafka-producer-network-thread") || name.startsWith("kafka-coordinator-heartbeat")) {
            return "Kafka client I/O";
        }
        return "Kafka broker and the rest";
    }

    /** The i-th paced article: a pool text under a new id, happening now. */
    private static Article paced(Article template, long i) {
        return new Article("paced-" + i, template.source(), template.site(), template.author(), template.lang(),
                Instant.now(), template.title(), template.body(), template.url());
    }

    private void report(MachineInfo machine, BenchCorpus corpus, CoreConfig core, SpeedConfig speedConfig,
                        Throughput a1, Throughput a2, long keywordsSeen, SpeedLayerThroughput.Result whole,
                        long memoryBefore, long memoryAfter, long keysBefore, long keysAfter, ApplyDelay.Result delay,
                        CpuTime.Shares cpu, Map<String, Long> threadNanos, Map<String, Long> taskNanos,
                        JvmWork jvmWork, int warmup,
                        CpuPerDocument perDoc) {
        double baseline = (a1.documentsPerSecond() + a2.documentsPerSecond()) / 2;
        double ratio = whole.throughput().documentsPerSecond() / baseline;
        double bytesPerDoc = (double) (memoryAfter - memoryBefore) / (warmup + corpus.size());
        BenchCorpus.DatasetMix mix = corpus.mix();
        machine.runTable()
                .row("data", "%s: %,d tweets + %,d newswire + %,d Korean headlines, shuffled; %,d documents (%.1f MB JSON); event times over the last %s",
                        dataDir, mix.tweets(), mix.newswire(), mix.koreanHeadlines(), corpus.size(),
                        corpus.totalRecordBytes() / 1e6, DurationParser.format(window))
                .row("speed layer", "%d partitions, speed.flush.interval=%s, speed.max.batch.records=%d, "
                                + "speed.analysis.threads=%d (a) uses 1, speed.apply.background=%s",
                        core.articlesPartitions(), speedConfig.flushInterval(), speedConfig.maxBatchRecords(),
                        speedConfig.analysisThreads(), speedConfig.applyInBackground())
                .print(System.out);
        new FiguresTable("Figures")
                .row("(a) analysis alone, pass 1 (validate + analyze, 1 thread)", "%,.0f docs/s (%.1f s)",
                        a1.documentsPerSecond(), a1.elapsed().toMillis() / 1e3)
                .row("(a) analysis alone, pass 2 (after (b))", "%,.0f docs/s (%.1f s)", a2.documentsPerSecond(),
                        a2.elapsed().toMillis() / 1e3)
                .row("(a) baseline = mean of the two passes", "%,.0f docs/s (%,d keywords found over all passes)", baseline,
                        keywordsSeen)
                .row("(b) whole speed layer, Kafka -> analysis -> Redis", "%,.0f docs/s (%,d documents in %.1f s, after " + warmup
                                + " warm-up records, the last quarter after the span; all included: applied %,d, duplicates %,d, late %,d, dlq %,d, filtered %,d)",
                        whole.throughput().documentsPerSecond(), whole.throughput().documents(),
                        whole.throughput().elapsed().toMillis() / 1e3,
                        whole.stats().applied(), whole.stats().duplicates(), whole.stats().late(), whole.stats().dlq(),
                        whole.stats().filtered())
                .row("(b) CPU busy during (b)", "redis-server %.2f cores, this JVM %.2f cores (broker + speed layer)",
                        cpu.redis(), cpu.jvm())
                .row("(b)/(a) ratio", "%.2f (target >= %.1f: %s)", ratio, TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "MISSED")
                .row("CPU per document", "(a) %.1f us on the analysis thread; (b) %.1f us: this JVM %.1f (broker, consumer, analysis, apply) + redis-server %.1f; (a)/(b) %.2f",
                        perDoc.analysisNanos() / 1e3, (perDoc.jvmNanos() + perDoc.redisNanos()) / 1e3,
                        perDoc.jvmNanos() / 1e3, perDoc.redisNanos() / 1e3,
                        perDoc.analysisNanos() / (perDoc.jvmNanos() + perDoc.redisNanos()))
                .row("CPU per document, this JVM by thread", "%s", byThread(threadNanos, perDoc.jvmNanos(), (int) whole.throughput().documents()))
                .row("CPU per document, the JVM's own threads", "%s", jvmThreads(taskNanos, (int) whole.throughput().documents()))
                .row("(b) JVM work during (b)", "GC pauses %,d ms in %,d collections; JIT compiling %,d ms",
                        jvmWork.gcMillis(), jvmWork.gcCount(), jvmWork.jitMillis())
                .row("(c) produce -> applied delay at " + Math.round(rate) + " docs/s", "p50 %d ms, p99 %d ms, max %d ms",
                        delay.delays().p50().toMillis(), delay.delays().p99().toMillis(), delay.delays().max().toMillis())
                .row("(c) paced run", "%,d sent in %.1f s (%,.0f docs/s achieved), %,d never seen applied",
                        delay.sent(), delay.sentSpan().toMillis() / 1e3, delay.sentPerSecond(), delay.unmatched())
                .row("(d) Redis used_memory per 1M documents", "%,.0f MB (%.0f bytes/doc x 1M)", bytesPerDoc, bytesPerDoc)
                .row("(d) measured", "used_memory %,.1f MB -> %,.1f MB over %,d documents; keys %,d -> %,d",
                        memoryBefore / 1e6, memoryAfter / 1e6, warmup + corpus.size(), keysBefore, keysAfter)
                .print(System.out);
    }

}
