package io.silgeom.serving;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.Blocklist;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.api.ApiServer;
import io.silgeom.serving.api.StatusReader;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.serving.merge.DisplayNames;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.signal.EvidenceReader;
import io.silgeom.serving.signal.KeywordSignals;
import io.silgeom.serving.snapshot.RedisViewProgress;
import io.silgeom.serving.snapshot.SnapshotService;
import io.silgeom.serving.trend.ChartRules;
import io.silgeom.serving.trend.TrendScorer;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The serving layer as one process part: a Redis client, the merged view, the trend snapshot refresher and the web
 * server (REST API, SSE, /metrics, dashboard). {@link #close()} stops what {@link #start} started, in reverse order.
 *
 * <pre>
 * try (ServingLayer serving = ServingLayer.start(ServingConfig.from(settings), CoreConfig.from(settings),
 *         new AdminActions(batchJob::triggerNow, speedLayer::rebuild), Clock.systemUTC())) {
 *     System.out.println("http://localhost:" + serving.port() + "/");
 *     ...
 * }
 * </pre>
 */
public final class ServingLayer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingLayer.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private ApiServer server;
    private SnapshotService snapshots;
    private MergedView view;

    private ServingLayer() {
    }

    /**
     * Connects to Redis ({@code redis.host}/{@code redis.port} of {@code core}), starts the snapshot refresher and
     * the web server on {@code serving.port} (0: a free port).
     *
     * @param actions what the admin endpoints start; {@link AdminActions#NONE} when this process has none
     */
    public static ServingLayer start(ServingConfig config, CoreConfig core, AdminActions actions, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(core, "core");
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(clock, "clock");
        ServingLayer layer = new ServingLayer();
        try {
            int timeoutMs = Math.toIntExact(config.redisTimeout().toMillis());
            RedisClient redis = layer.track(RedisClient.builder()
                    .hostAndPort(core.redisHost(), core.redisPort())
                    .clientConfig(DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(timeoutMs).socketTimeoutMillis(timeoutMs)
                            .clientName("silgeom-serving").build())
                    .build());
            layer.view = MergedView.create(redis, config, clock);
            DisplayNames names = new DisplayNames(redis);
            KeywordExtractor extractor = KeywordExtractor.create();
            Blocklist blocklist = Blocklist.load(config.contentPolicy().blocklistFile().orElse(null),
                    extractor::canonicalForm);
            TrendScorer scorer = new TrendScorer(layer.view, config.trendBaselineHours(), config.trendMinCount(), clock,
                    new ChartRules(blocklist::blocks, config.trendMinVoices()), new KeywordSignals(redis));
            layer.snapshots = layer.track(new SnapshotService(
                    (window, slice) -> scorer.score(window, slice, SnapshotService.MAX_ITEMS), names::lookup,
                    new EvidenceReader(redis)::headlines, new RedisViewProgress(redis), config.refreshSchedule(),
                    config.snapshotRetention(), config.snapshotIdle(), clock));
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            layer.track(metrics::close);
            layer.server = layer.track(ApiServer.start(config.port(), new ApiServer.Dependencies(layer.view, names,
                    layer.snapshots, new StatusReader(redis, clock), actions, metrics, config.adminToken(),
                    config.maxRange(), config.snapshotRetention(), clock, extractor::canonicalForm)));
            // NOTE: refreshing starts after the server is up, so a port clash fails fast without a stray thread.
            layer.snapshots.start();
            if (config.adminToken().isEmpty()) {
                LOG.info("admin endpoints disabled: serving.admin.token is not set");
            }
            return layer;
        } catch (RuntimeException e) {
            try {
                layer.close();
            } catch (RuntimeException c) {
                e.addSuppressed(c);
            }
            throw e;
        }
    }

    /** The port the web server listens on. */
    public int port() {
        return server.port();
    }

    /** The merged view this layer serves from (for a CLI or a test that wants the numbers without HTTP). */
    public MergedView mergedView() {
        return view;
    }

    public SnapshotService snapshots() {
        return snapshots;
    }

    /** The HTTP routes the web server answers, e.g. {@code GET /api/v1/trends} (see {@link ApiServer#routes()}). */
    public java.util.List<String> routes() {
        return server.routes();
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    /** Stops the web server, the refresher and the Redis client, in that order; idempotent. */
    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("serving layer did not stop cleanly", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
