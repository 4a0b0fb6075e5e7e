package io.silgeom.bench;

import io.silgeom.bench.report.FiguresTable;
import io.silgeom.bench.serving.FreshnessProbe;
import io.silgeom.bench.serving.JavaHttpLoad;
import io.silgeom.bench.serving.LoadClient;
import io.silgeom.bench.serving.LoadResult;
import io.silgeom.bench.serving.WrkLoad;
import io.silgeom.bench.report.MachineInfo;
import io.silgeom.bench.report.WorkDirectory;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.DurationParser;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.TrendSnapshot;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.ArticleAnalyzer;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Issue 5, items 3 and 7: what one trend snapshot costs at 10k, 100k and 1M distinct keywords in the window, and
 * {@code GET /api/v1/trends} under load against a static endpoint of the same server ({@code /api/v1/openapi.json},
 * the ceiling), requests/s and p50/p99 latency, from an in-repo client on loopback. The counts are written straight
 * into Redis under {@link RedisKeys} names (speed minute buckets for the last hour, hour buckets for the baseline),
 * so the figures are the serving layer's alone.
 */
@Command(name = "serving-benchmark", mixinStandardHelpOptions = true,
        description = "Measures the cost of one trend snapshot by keyword count, and /api/v1/trends throughput and "
                + "latency against a static endpoint of the same server.")
public final class ServingBenchmark implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServingBenchmark.class);
    static final double TARGET_RPS = 20_000;
    static final Duration TARGET_P99 = Duration.ofMillis(10);
    static final String UNIFORM = "uniform";
    /** Articles per freshness marker: far above any background keyword's count, so every marker charts. */
    static final int MARKER_BURST = 30;

    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000",
            description = "Distinct keywords in the window, one snapshot measurement each. Default: ${DEFAULT-VALUE}.")
    List<Integer> sizes;

    @Option(names = "--distributions", split = ",", defaultValue = "zipf,uniform",
            description = "How counts spread over the keywords (zipf: a long tail; uniform: a seventh tie at the top,"
                    + " the worst case). Default: ${DEFAULT-VALUE}.")
    List<String> distributions;

    @Option(names = "--rounds", defaultValue = "2",
            description = "Load rounds, each /trends then the static endpoint. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--freshness-seconds", defaultValue = "60",
            description = "Seconds of the freshness measurement (one marker a second); 0 skips it. Default: ${DEFAULT-VALUE}.")
    int freshnessSeconds;

    @Option(names = "--freshness-rate", defaultValue = "2000",
            description = "Documents/s sent during the freshness measurement. Default: ${DEFAULT-VALUE}.")
    int freshnessRate;

    @Option(names = {"--connections", "--clients"}, defaultValue = "16",
            description = "Concurrent keep-alive connections (client threads for the java client). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--client", defaultValue = "auto",
            description = "Load client: wrk (a separate native process), java (java.net.http in this JVM), or auto"
                    + " (wrk when on the PATH). Default: ${DEFAULT-VALUE}.")
    String client;

    @Option(names = "--wrk-threads", defaultValue = "1",
            description = "wrk threads; on 2 cores one leaves the other to the server. Default: ${DEFAULT-VALUE}.")
    int wrkThreads;

    @Option(names = "--seconds", defaultValue = "10", description = "Seconds per load measurement. Default: ${DEFAULT-VALUE}.")
    int seconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServingBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        MachineInfo machine = MachineInfo.collect(Path.of("").toAbsolutePath());
        try (WorkDirectory workDir = WorkDirectory.create("silgeom-serving-bench-");
             EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir.path()))) {
            Settings settings = stack.settings().with("serving.port", "0").with("serving.trend.min.voices", "1");
            // Seeding and flushing 1M keywords holds Redis for seconds: Jedis's default 2 s read timeout would fail it.
            RedisClient redis = stack.track(RedisClient.builder().hostAndPort(stack.redisHost(), stack.redisPort())
                    .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(60_000).build()).build());

            FiguresTable costs = new FiguresTable("Snapshot cost (1h window, all/all; median of 3 refreshes)");
            // NOTE: a serving layer whose own refresher stays idle (first refresh at start, the next in 10 min), so a
            // background refresh never holds the measured one up; the load and freshness parts use the defaults.
            // Its reads may take as long as they need (a timeout would measure an empty degraded chart), and Redis
            // does not write its append-only file meanwhile: seeding 1M keywords made AOF rewrites and fsyncs stall
            // Redis for seconds on this machine, which is the disk's cost, not the serving layer's.
            redis.configSet("appendonly", "no");
            // serving.refresh.min.gap as long as the interval: the refresher does not follow the views either.
            try (ServingLayer quiet = ServingLayer.start(ServingConfig.from(settings.with("serving.refresh.interval",
                    "10m").with("serving.refresh.min.gap", "10m").with("serving.redis.timeout", "60s")),
                    CoreConfig.from(settings), AdminActions.NONE,
                    Clock.systemUTC())) {
                measureCosts(quiet, redis, costs);
            } finally {
                redis.configSet("appendonly", "yes");
            }
            ServingLayer serving = stack.track(ServingLayer.start(ServingConfig.from(settings),
                    CoreConfig.from(settings), AdminActions.NONE, Clock.systemUTC()));

            seed(redis, sizes.get(0), UNIFORM);
            serving.snapshots().refresh(SnapshotKey.DEFAULT);
            String base = "http://127.0.0.1:" + serving.port() + "/api/v1";
            LoadClient load = loadClient();
            FiguresTable api = new FiguresTable("API under load");
            for (int round = 1; round <= rounds; round++) {
                // NOTE: alternating, so neither endpoint alone gets the server's JIT warm-up or a quiet spell.
                LoadResult trends = load.run(URI.create(base + "/trends"), Duration.ofSeconds(2),
                        Duration.ofSeconds(seconds));
                LoadResult ceiling = load.run(URI.create(base + "/openapi.json"), Duration.ofSeconds(2),
                        Duration.ofSeconds(seconds));
                // As a browser asks: the gzipped page, compressed once per snapshot page (EncodedPages).
                LoadResult gzipped = load.run(URI.create(base + "/trends"), Map.of("Accept-Encoding", "gzip"),
                        Duration.ofSeconds(2), Duration.ofSeconds(seconds));
                api.row("round " + round + ": GET /api/v1/trends (latest snapshot, 20 items)", "%s", trends.summary())
                        .row("round " + round + ": the same with Accept-Encoding: gzip (as browsers ask)", "%s",
                                gzipped.summary())
                        .row("round " + round + ": gzip / plain", "%.2f", gzipped.perSecond() / trends.perSecond())
                        .row("round " + round + ": GET /api/v1/openapi.json (static, the ceiling)", "%s",
                                ceiling.summary())
                        .row("round " + round + ": trends / ceiling", "%.2f", trends.perSecond() / ceiling.perSecond())
                        .row("round " + round + ": targets", "%,.0f req/s (%s), p99 <= %d ms (%s)", TARGET_RPS,
                                trends.perSecond() >= TARGET_RPS ? "met" : "MISSED", TARGET_P99.toMillis(),
                                trends.p99().compareTo(TARGET_P99) <= 0 ? "met" : "MISSED");
            }

            FiguresTable freshness = new FiguresTable("Freshness (produce -> visible in /api/v1/trends)");
            if (freshnessSeconds > 0) {
                freshness(stack, settings, redis, ServingConfig.from(settings).refreshInterval(),
                        URI.create(base + "/trends"), freshness);
            }

            machine.runTable()
                    .row("load", "%s; %d s per endpoint after a 2 s warm-up", load.describe(), seconds)
                    .print(System.out);
            costs.print(System.out);
            api.print(System.out);
            if (freshnessSeconds > 0) {
                freshness.print(System.out);
            }
        }
        return 0;
    }

    private void measureCosts(ServingLayer serving, RedisClient redis, FiguresTable costs) {
        for (String distribution : distributions) {
            for (int size : sizes) {
                seed(redis, size, distribution);
                List<Long> nanos = new ArrayList<>();
                TrendSnapshot last = null;
                int degraded = 0;
                List<Long> cpu = new ArrayList<>();
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                for (int i = 0; i < 3; i++) {
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    long start = System.nanoTime();
                    last = serving.snapshots().refresh(SnapshotKey.DEFAULT);
                    nanos.add(System.nanoTime() - start);
                    cpu.add(threads.getCurrentThreadCpuTime() - cpuStart);
                    degraded += last.degraded() ? 1 : 0;
                }
                cpu.sort(Comparator.naturalOrder());
                List<Long> runs = List.copyOf(nanos);
                nanos.sort(Comparator.naturalOrder());
                costs.row(String.format("%,d distinct keywords, %s", size, distribution),
                        "%,d ms (runs: %s ms; serving CPU %,d ms; %d items, %d of 3 degraded)",
                        nanos.get(1) / 1_000_000, runs.stream().map(n -> Long.toString(n / 1_000_000)).toList(),
                        cpu.get(1) / 1_000_000, last.items().size(), degraded);
                LOG.info("bench: snapshot at {} keywords ({}): {} ms", size, distribution, nanos.get(1) / 1_000_000);
            }
        }
    }

    /**
     * Starts the speed layer on the stack's Kafka and Redis (emptied of the synthetic counts first) and measures
     * produce -> visible at {@code freshnessRate} documents/s ({@link FreshnessProbe}).
     */
    private void freshness(EmbeddedStack stack, Settings settings, RedisClient redis, Duration refreshInterval,
                           URI trends, FiguresTable table) throws Exception {
        redis.flushAll();
        CoreConfig core = CoreConfig.from(settings);
        DocumentAnalyzer documents = DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create());
        SpeedLayer speed = stack.track(SpeedLayer.create(SpeedConfig.from(settings), core,
                ArticleAnalyzer.of(documents), null));
        Thread speedThread = new Thread(speed, "silgeom-speed");
        speedThread.start();
        LOG.info("bench: freshness: speed layer started; sending {} docs/s for {} s", freshnessRate, freshnessSeconds);
        FreshnessProbe.Result r;
        // The probe's reads must outlast a slow Lua apply on a loaded machine (Jedis's default read timeout is 2 s).
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                IngestConfig.from(settings).publisherOptions(core).producerConfig());
             RedisClient watcher = RedisClient.builder().hostAndPort(stack.redisHost(), stack.redisPort())
                     .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(30_000).build()).build()) {
            r = new FreshnessProbe(producer, core.articlesTopic(), trends, MARKER_BURST, Duration.ofMillis(100), watcher,
                    RedisKeys.speedOffsets(speed.generation())).measure(freshnessRate, Duration.ofSeconds(freshnessSeconds), Duration.ofSeconds(60));
        }
        Duration target = refreshInterval.plusSeconds(1);
        table.row("sent", "%,d articles at %,.0f docs/s (target %d), %d markers of %d articles, one a second",
                        r.sent(), r.sentPerSecond(), freshnessRate, r.markers(), MARKER_BURST)
                .row("produce -> visible, per marker", "p50 %,d ms, p99 %,d ms, max %,d ms (%d of %d markers seen)",
                        r.delays().p50().toMillis(), r.delays().p99().toMillis(), r.delays().max().toMillis(),
                        r.delays().count(), r.markers())
                .row("of which produce -> applied by the speed layer", "p50 %,d ms, p99 %,d ms, max %,d ms",
                        r.applied().p50().toMillis(), r.applied().p99().toMillis(), r.applied().max().toMillis())
                .row("of which applied -> visible (the serving layer's part)", "p50 %,d ms, p99 %,d ms, max %,d ms",
                        r.serving().p50().toMillis(), r.serving().p99().toMillis(), r.serving().max().toMillis())
                .row("target", "p99 <= refresh interval %s + 1 s = %,d ms (%s)", DurationParser.format(refreshInterval),
                        target.toMillis(), r.delays().p99().compareTo(target) <= 0 && r.delays().count() == r.markers()
                                ? "met" : "MISSED");
    }

    /**
     * {@code size} keywords, each counted in 3 of the last 60 minute buckets, and a tenth of them in each of the 24
     * baseline hours. {@code uniform}: keyword k counts 1 + k % 7 in each of its minutes, so every keyword reaches the
     * chart's minimum count of 3 and a seventh of them tie at the top count (21): the worst case for a top-k read,
     * which must read every keyword that could tie. {@code zipf}: keyword k counts max(1, 20,000 / (k + 1)) in each,
     * a long tail as in real text, where the top counts are far above the tail's.
     */
    private static void seed(RedisClient redis, int size, String distribution) {
        redis.flushAll();
        Instant now = Instant.now();
        Instant minute = TimeBuckets.minuteStart(now);
        Instant hour = TimeBuckets.hourStart(now);
        try (AbstractPipeline p = redis.pipelined()) {
            // The speed view stores leaf slices (core's Slice): the keywords alternate between two, listed as the
            // speed layer lists them, so the default chart (all:all) sums two hashes per bucket, as it does live.
            for (Slice leaf : SEEDED_LEAVES) {
                p.sadd(RedisKeys.speedSlices("0"), leaf.toString());
            }
            for (int m = 0; m < 60; m++) {
                String minuteId = TimeBuckets.minuteId(minute.minusSeconds(60L * m));
                SeedBatches batches = new SeedBatches(p, leaf -> RedisKeys.speedMinute("0", minuteId, leaf));
                for (int k = m % 20; k < size; k += 20) {
                    int count = distribution.equals(UNIFORM) ? 1 + k % 7 : Math.max(1, 20_000 / (k + 1));
                    batches.put((k / 20) % SEEDED_LEAVES.size(), "kw" + k, Integer.toString(count));
                }
                batches.flush();
            }
            for (int h = 1; h <= 24; h++) {
                String hourId = TimeBuckets.hourId(hour.minusSeconds(3600L * h));
                SeedBatches batches = new SeedBatches(p, leaf -> RedisKeys.speedHour("0", hourId, leaf));
                for (int k = h % 10; k < size; k += 10) {
                    batches.put((k / 10) % SEEDED_LEAVES.size(), "kw" + k, "1");
                }
                batches.flush();
            }
            p.sync();
        }
    }

    private static final List<Slice> SEEDED_LEAVES = List.of(Slice.leaf("en", "news"), Slice.leaf("en", "social"));

    /** Fields per seeded leaf, sent as HSETs of at most 10,000 fields each. */
    private static final class SeedBatches {
        private final AbstractPipeline pipeline;
        private final java.util.function.Function<Slice, String> keyOf;
        private final List<Map<String, String>> fields = new ArrayList<>();

        SeedBatches(AbstractPipeline pipeline, java.util.function.Function<Slice, String> keyOf) {
            this.pipeline = pipeline;
            this.keyOf = keyOf;
            SEEDED_LEAVES.forEach(leaf -> fields.add(new HashMap<>()));
        }

        void put(int leaf, String field, String value) {
            fields.get(leaf).put(field, value);
            if (fields.get(leaf).size() == 10_000) {
                send(leaf);
            }
        }

        void flush() {
            for (int leaf = 0; leaf < SEEDED_LEAVES.size(); leaf++) {
                send(leaf);
            }
        }

        private void send(int leaf) {
            if (!fields.get(leaf).isEmpty()) {
                pipeline.hset(keyOf.apply(SEEDED_LEAVES.get(leaf)), fields.get(leaf));
                fields.set(leaf, new HashMap<>());
            }
        }
    }

    private LoadClient loadClient() {
        Optional<Path> wrk = WrkLoad.find();
        switch (client) {
            case "java":
                return new JavaHttpLoad(connections);
            case "wrk":
                return new WrkLoad(wrk.orElseThrow(() -> new IllegalStateException(
                        "wrk is not on the PATH: sudo apt-get install -y wrk")), wrkThreads, connections);
            case "auto":
                if (wrk.isEmpty()) {
                    LOG.warn("bench: wrk is not on the PATH (sudo apt-get install -y wrk); falling back to the in-JVM"
                            + " java.net.http client, which bounds the figures");
                    return new JavaHttpLoad(connections);
                }
                return new WrkLoad(wrk.get(), wrkThreads, connections);
            default:
                throw new CommandLine.ParameterException(new CommandLine(this), "--client: wrk, java or auto, got: " + client);
        }
    }
}
