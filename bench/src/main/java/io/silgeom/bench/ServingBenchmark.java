package io.silgeom.bench;

import io.silgeom.bench.measure.DelayDistribution;
import io.silgeom.bench.report.FiguresTable;
import io.silgeom.bench.report.MachineInfo;
import io.silgeom.bench.report.WorkDirectory;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.TrendSnapshot;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import redis.clients.jedis.AbstractPipeline;
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

    @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000",
            description = "Distinct keywords in the window, one snapshot measurement each. Default: ${DEFAULT-VALUE}.")
    List<Integer> sizes;

    @Option(names = "--clients", defaultValue = "16", description = "Concurrent client threads. Default: ${DEFAULT-VALUE}.")
    int clients;

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
            RedisClient redis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));
            ServingLayer serving = stack.track(ServingLayer.start(ServingConfig.from(settings),
                    CoreConfig.from(settings), AdminActions.NONE, Clock.systemUTC()));

            FiguresTable costs = new FiguresTable("Snapshot cost (1h window, all/all; median of 3 refreshes)");
            for (int size : sizes) {
                seed(redis, size);
                List<Long> nanos = new ArrayList<>();
                TrendSnapshot last = null;
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    last = serving.snapshots().refresh(SnapshotKey.DEFAULT);
                    nanos.add(System.nanoTime() - start);
                }
                nanos.sort(Comparator.naturalOrder());
                costs.row(String.format("%,d distinct keywords", size), "%,d ms (runs: %s ms; %d items, degraded %s)",
                        nanos.get(1) / 1_000_000, nanos.stream().map(n -> Long.toString(n / 1_000_000)).toList(),
                        last.items().size(), last.degraded());
                LOG.info("bench: snapshot at {} keywords: {} ms", size, nanos.get(1) / 1_000_000);
            }

            seed(redis, sizes.get(0));
            serving.snapshots().refresh(SnapshotKey.DEFAULT);
            String base = "http://127.0.0.1:" + serving.port() + "/api/v1";
            Load trends = load(URI.create(base + "/trends"));
            Load ceiling = load(URI.create(base + "/openapi.json"));

            machine.runTable()
                    .row("load", "%d client threads, java.net.http keep-alive, %d s per endpoint, same JVM as the server",
                            clients, seconds)
                    .print(System.out);
            costs.print(System.out);
            new FiguresTable("API under load")
                    .row("GET /api/v1/trends (latest snapshot, 20 items)", "%,.0f req/s, p50 %.2f ms, p99 %.2f ms",
                            trends.perSecond(), ms(trends.latency().p50()), ms(trends.latency().p99()))
                    .row("GET /api/v1/openapi.json (static, the ceiling)", "%,.0f req/s, p50 %.2f ms, p99 %.2f ms",
                            ceiling.perSecond(), ms(ceiling.latency().p50()), ms(ceiling.latency().p99()))
                    .row("trends / ceiling", "%.2f", trends.perSecond() / ceiling.perSecond())
                    .row("targets", "%,.0f req/s (%s), p99 <= %d ms (%s)", TARGET_RPS,
                            trends.perSecond() >= TARGET_RPS ? "met" : "MISSED", TARGET_P99.toMillis(),
                            trends.latency().p99().compareTo(TARGET_P99) <= 0 ? "met" : "MISSED")
                    .print(System.out);
        }
        return 0;
    }

    /**
     * {@code size} keywords, each counted in 3 of the last 60 minute buckets (so every one reaches the chart's minimum
     * count of 3), and a tenth of them in each of the 24 baseline hours.
     */
    private static void seed(RedisClient redis, int size) {
        redis.flushAll();
        Instant now = Instant.now();
        Instant minute = TimeBuckets.minuteStart(now);
        Instant hour = TimeBuckets.hourStart(now);
        try (AbstractPipeline p = redis.pipelined()) {
            for (int m = 0; m < 60; m++) {
                Map<String, String> fields = new HashMap<>();
                for (int k = m; k < size; k += 20) {
                    fields.put("kw" + k, Integer.toString(1 + k % 7));
                    if (fields.size() == 10_000) {
                        p.hset(RedisKeys.speedMinute("0", TimeBuckets.minuteId(minute.minusSeconds(60L * m)), Slice.TOTAL), fields);
                        fields = new HashMap<>();
                    }
                }
                if (!fields.isEmpty()) {
                    p.hset(RedisKeys.speedMinute("0", TimeBuckets.minuteId(minute.minusSeconds(60L * m)), Slice.TOTAL), fields);
                }
            }
            for (int h = 1; h <= 24; h++) {
                Map<String, String> fields = new HashMap<>();
                for (int k = h % 10; k < size; k += 10) {
                    fields.put("kw" + k, "1");
                    if (fields.size() == 10_000) {
                        p.hset(RedisKeys.speedHour("0", TimeBuckets.hourId(hour.minusSeconds(3600L * h)), Slice.TOTAL), fields);
                        fields = new HashMap<>();
                    }
                }
                if (!fields.isEmpty()) {
                    p.hset(RedisKeys.speedHour("0", TimeBuckets.hourId(hour.minusSeconds(3600L * h)), Slice.TOTAL), fields);
                }
            }
            p.sync();
        }
    }

    private record Load(long requests, Duration elapsed, DelayDistribution latency) {
        double perSecond() {
            return requests / (elapsed.toNanos() / 1e9);
        }
    }

    /** {@code clients} threads sending GETs back to back for {@code seconds}, after a 2 s warm-up. */
    private Load load(URI uri) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        run(http, request, Duration.ofSeconds(2));
        long start = System.nanoTime();
        List<long[]> perThread = run(http, request, Duration.ofSeconds(seconds));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
        return new Load(all.length, elapsed, DelayDistribution.of(all));
    }

    private List<long[]> run(HttpClient http, HttpRequest request, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long end = System.nanoTime() + duration.toNanos();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }
}
