package io.silgeom.serving.api;

import io.javalin.http.Context;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.CountPoint;
import io.silgeom.serving.merge.DisplayNames;
import io.silgeom.serving.merge.KeywordSeries;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.merge.Provenance;
import io.silgeom.serving.merge.SeriesStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@code GET /api/v1/keywords/{keyword}/series?from&to&step}: merged counts per step, each point marked
 * {@code batch}, {@code speed} or {@code mixed}. Without {@code to}: up to the end of the current step. Without
 * {@code from}: 6 hours before {@code to} for PT1M (what the minute buckets hold), 24 hours for PT1H, 7 days for P1D.
 */
final class SeriesEndpoint {
    private final MergedView view;
    private final DisplayNames displayNames;
    private final Duration maxRange;
    private final Clock clock;
    private final UnaryOperator<String> canonicalForm;

    /**
     * @param canonicalForm maps what a user typed ("Floods", "#BTS") to the form counts are kept under; it must be
     *                      core's analysis ({@code KeywordExtractor::canonicalForm}), the same code both views count with
     */
    SeriesEndpoint(MergedView view, DisplayNames displayNames, Duration maxRange, Clock clock,
                   UnaryOperator<String> canonicalForm) {
        this.canonicalForm = Objects.requireNonNull(canonicalForm, "canonicalForm");
        this.view = Objects.requireNonNull(view, "view");
        this.displayNames = Objects.requireNonNull(displayNames, "displayNames");
        this.maxRange = Objects.requireNonNull(maxRange, "maxRange");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static Duration defaultSpan(SeriesStep step) {
        return switch (step) {
            case MINUTE -> Duration.ofHours(6);
            case HOUR -> Duration.ofHours(24);
            case DAY -> Duration.ofDays(7);
        };
    }

    /** The end of the step now is in, so the still-filling current minute, hour or day is the last point. */
    static Instant endOfCurrentStep(SeriesStep step, Instant now) {
        return step.floor(now).plus(step.length());
    }

    void handle(Context ctx) {
        String keyword = canonicalForm.apply(ApiParams.keyword(ctx.pathParam("keyword")));
        Slice slice = ApiParams.slice(ctx.queryParam("lang"), ctx.queryParam("source"));
        SeriesStep step = ApiParams.step(ctx.queryParam("step"));
        String toRaw = ctx.queryParam("to");
        String fromRaw = ctx.queryParam("from");
        Instant to = ApiParams.instant("to", toRaw, endOfCurrentStep(step, clock.instant()));
        Instant from = ApiParams.instant("from", fromRaw, to.minus(defaultSpan(step)));
        ApiParams.range(fromRaw, from, toRaw, to, maxRange);
        ApiParams.points(from, to, step);
        KeywordSeries s = view.series(keyword, slice, from, to, step);
        BatchCutoff batch = s.views() == null ? null : s.views().batch();
        if (s.degraded()) {
            HttpMetrics.markDegraded(ctx);
        }
        ctx.json(new SeriesResponse(displayNames.lookup(List.of(keyword)).get(keyword), keyword, slice.lang(),
                slice.source(), step.isoName(), s.from(), s.to(), batch == null ? null : batch.version(),
                batch == null ? null : batch.cutoff(), s.degraded(), s.reason(),
                s.points().stream().map(Point::of).toList()));
    }

    record SeriesResponse(String keyword, String canonical, String lang, String source, String step, Instant from,
                          Instant to, String batchVersion, Instant batchCutoff, boolean degraded, String reason,
                          List<Point> points) {
    }

    /** {@code view}: batch, speed or mixed. */
    record Point(Instant start, long count, Provenance view) {
        static Point of(CountPoint p) {
            return new Point(p.start(), p.count(), p.provenance());
        }
    }
}
