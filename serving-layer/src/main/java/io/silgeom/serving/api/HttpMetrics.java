package io.silgeom.serving.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code /metrics} shows: {@code silgeom_http_requests_seconds} (count and latency per method, route and status)
 * and {@code silgeom_snapshot_age_seconds} / {@code silgeom_snapshot_degraded} for the default chart.
 */
final class HttpMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    HttpMetrics(PrometheusMeterRegistry registry, SnapshotService snapshots, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder("silgeom.snapshot.age", snapshots, s -> s.peek(SnapshotKey.DEFAULT)
                        .map(t -> Duration.between(t.asOf(), clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("Age of the latest 1h/all/all trend snapshot")
                .register(registry);
        Gauge.builder("silgeom.snapshot.degraded", snapshots, s -> s.peek(SnapshotKey.DEFAULT)
                        .map(t -> t.degraded() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 when the latest 1h/all/all trend snapshot is degraded").register(registry);
    }

    /** Request logger: one timer sample per request, tagged with the route template, never the raw path. */
    void record(Context ctx, Float executionTimeMs) {
        Timer.builder("silgeom.http.requests")
                .description("HTTP requests by method, route and status")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", String.valueOf(ctx.statusCode()))
                .register(registry)
                .record(Duration.ofNanos((long) (executionTimeMs * 1_000_000L)));
    }

    void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }

    private static String route(Context ctx) {
        // NOTE: the raw path would make one time series per keyword and snapshot id; the template keeps it bounded.
        String path = ctx.path();
        if (path.startsWith("/api/") || path.equals("/metrics")) {
            io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
            return matched == null ? "unmatched" : matched.path;
        }
        return "static";
    }
}
