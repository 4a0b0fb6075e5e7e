package io.silgeom.serving.api;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.SnapshotService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What {@code /metrics} shows: {@code silgeom_http_requests_seconds} (count and latency per method, route and status),
 * {@code silgeom_answers_degraded_total} (answers served with {@code degraded: true}, per route: a count bucket the
 * answer needed may be missing, or Redis failed; an alert on its rate sees a hole in the views as soon as a reader
 * meets it), {@code silgeom_snapshot_age_seconds} / {@code silgeom_snapshot_degraded} for the default chart, and
 * {@code silgeom_snapshot_refreshes_total{cause}} / {@code silgeom_snapshot_refresh_duration_seconds} for the
 * refresher.
 */
final class HttpMetrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String DEGRADED_ATTRIBUTE = "silgeom.degraded";

    private final PrometheusMeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> degraded = new ConcurrentHashMap<>();

    HttpMetrics(PrometheusMeterRegistry registry, SnapshotService snapshots, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Gauge.builder("silgeom.snapshot.age", snapshots, s -> s.peek(SnapshotKey.DEFAULT)
                        .map(t -> Duration.between(t.asOf(), clock.instant()).toMillis() / 1000.0).orElse(Double.NaN))
                .baseUnit("seconds").description("Age of the latest 1h/all/all trend snapshot")
                .register(registry);
        Gauge.builder("silgeom.snapshot.degraded", snapshots, s -> s.peek(SnapshotKey.DEFAULT)
                        .map(t -> t.degraded() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 when the latest 1h/all/all trend snapshot is degraded").register(registry);
        for (String cause : List.of("first", "changed", "interval")) {
            FunctionCounter.builder("silgeom.snapshot.refreshes", snapshots,
                            s -> s.refreshCycles().getOrDefault(cause, 0L))
                    .description("Snapshot refresh cycles, by what brought them: the views changed, or the refresh "
                            + "interval was reached")
                    .tag("cause", cause).register(registry);
        }
        Gauge.builder("silgeom.snapshot.refresh.duration", snapshots, s -> s.lastRefreshCycle()
                        .map(d -> d.toNanos() / 1e9).orElse(Double.NaN))
                .baseUnit("seconds").description("How long the last snapshot refresh cycle took (every due chart); "
                        + "a refresh that follows a change waits at least as long after it")
                .register(registry);
    }

    /** Request logger: one timer sample per request, tagged with the route template, never the raw path. */
    void record(Context ctx, Float executionTimeMs) {
        String method = ctx.method().name();
        String route = route(ctx);
        int status = ctx.statusCode();
        // NOTE: looked up in a map of our own: building and registering the meter id on every request cost a
        // noticeable share of a cached /trends answer.
        timers.computeIfAbsent(method + " " + route + " " + status, k -> Timer.builder("silgeom.http.requests")
                        .description("HTTP requests by method, route and status")
                        .tag("method", method)
                        .tag("route", route)
                        .tag("status", String.valueOf(status))
                        .register(registry))
                .record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
        if (Boolean.TRUE.equals(ctx.attribute(DEGRADED_ATTRIBUTE))) {
            degraded.computeIfAbsent(route, r -> Counter.builder("silgeom.answers.degraded")
                    .description("Answers served with degraded=true (a needed count bucket may be missing), by route")
                    .tag("route", r)
                    .register(registry)).increment();
        }
    }

    /** Marks the answer being written as degraded; {@link #record} counts it once the request is done. */
    static void markDegraded(Context ctx) {
        ctx.attribute(DEGRADED_ATTRIBUTE, Boolean.TRUE);
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
