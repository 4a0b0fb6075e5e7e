package io.silgeom.serving.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.silgeom.serving.dashboard.Dashboard;
import io.silgeom.serving.merge.DisplayNames;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: REST API under {@code /api/v1}, {@code /metrics}, the dashboard at {@code /}. Errors never carry
 * a stack trace: a bad parameter is {@code 400 {"error": "<param>: '<value>' <problem>"}}, anything unexpected is
 * logged and answered {@code 500 {"error": "internal error"}}.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    public static final String API = "/api/v1";

    private final Javalin app;
    private final SnapshotStream stream;
    private final List<String> routes;

    private ApiServer(Javalin app, SnapshotStream stream, List<String> routes) {
        this.app = app;
        this.stream = stream;
        this.routes = List.copyOf(routes);
    }

    /** Everything the endpoints read; the caller owns and closes each of them. */
    public record Dependencies(MergedView view, DisplayNames displayNames, SnapshotService snapshots,
                               StatusReader status, AdminActions admin, PrometheusMeterRegistry metrics,
                               String adminToken, Duration maxRange, Duration snapshotRetention, Clock clock,
                               UnaryOperator<String> canonicalForm) {
        public Dependencies {
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(displayNames, "displayNames");
            Objects.requireNonNull(snapshots, "snapshots");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(admin, "admin");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(canonicalForm, "canonicalForm");
            Objects.requireNonNull(adminToken, "adminToken");
            Objects.requireNonNull(maxRange, "maxRange");
            Objects.requireNonNull(snapshotRetention, "snapshotRetention");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** Starts listening on {@code port} (0: a free port, see {@link #port()}). */
    public static ApiServer start(int port, Dependencies d) {
        ObjectMapper json = ApiJson.mapper();
        TrendsEndpoint trends = new TrendsEndpoint(d.snapshots(), d.snapshotRetention(), json);
        SeriesEndpoint series = new SeriesEndpoint(d.view(), d.displayNames(), d.maxRange(), d.clock(), d.canonicalForm());
        TopEndpoint top = new TopEndpoint(d.view(), d.displayNames(), d.maxRange(), d.clock());
        AdminEndpoint admin = new AdminEndpoint(d.adminToken(), d.admin(), d.clock());
        HttpMetrics metrics = new HttpMetrics(d.metrics(), d.snapshots(), d.clock());
        SnapshotStream stream = new SnapshotStream(d.snapshots(), json);
        byte[] openApi = OpenApiDocument.load();
        List<String> routes = new CopyOnWriteArrayList<>();
        Javalin app = Javalin.create(config -> {
            // What Javalin itself registered, so a test can hold the OpenAPI document to the routes really served.
            config.events.handlerAdded(h -> routes.add(h.getHttpMethod().name() + " " + h.getPath()));
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.requestLogger.http(metrics::record);
            Dashboard.install(config);
            // NOTE: Javalin 7 takes routes and handlers up front, inside create(); none can be added after start().
            config.routes.get(API + "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
            config.routes.get(API + "/trends", trends::latest);
            config.routes.get(API + "/trends/{snapshotId}", trends::byId);
            config.routes.get(API + "/keywords/{keyword}/series", series::handle);
            config.routes.get(API + "/top", top::handle);
            config.routes.get(API + "/status", ctx -> ctx.json(d.status().read(d.snapshots())));
            config.routes.sse(API + "/stream", stream::connect);
            config.routes.post(API + "/admin/batch", admin::batch);
            config.routes.post(API + "/admin/rebuild-speed", admin::rebuildSpeed);
            config.routes.get("/metrics", metrics::scrape);
            config.routes.exception(BadParameterException.class,
                    (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                ctx.status(500).json(Map.of("error", "internal error"));
            });
            config.routes.error(404, ctx -> {
                // Only for requests nothing answered: an endpoint's own 404 (an expired snapshot) keeps its body.
                if (ctx.endpoints().matchedHttpEndpoint() == null && ctx.path().startsWith(API)) {
                    ctx.json(Map.of("error", "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
        });
        try {
            app.start(port);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        LOG.info("serving on port {}: API {}, dashboard /", app.port(), API);
        return new ApiServer(app, stream, routes);
    }

    public int port() {
        return app.port();
    }

    /** Every route Javalin registered, as {@code METHOD path}, e.g. {@code GET /api/v1/trends/{snapshotId}}. */
    public List<String> routes() {
        return routes;
    }

    @Override
    public void close() {
        // Open event streams would hold the server's shutdown until their clients go away.
        stream.close();
        app.stop();
    }
}
