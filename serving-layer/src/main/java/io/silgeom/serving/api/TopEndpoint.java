package io.silgeom.serving.api;

import io.javalin.http.Context;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.DisplayNames;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.merge.Provenance;
import io.silgeom.serving.merge.RangeCounts;
import io.silgeom.serving.merge.SeriesStep;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /api/v1/top?from&to&limit&lang&source}: exact top keywords by merged count over whole hours
 * ({@code from} floored, {@code to} ceiled to the hour; default the 24 hours ending with the current hour). Ties: keyword asc.
 */
final class TopEndpoint {
    static final int MAX_LIMIT = 1000;

    private final MergedView view;
    private final DisplayNames displayNames;
    private final Duration maxRange;
    private final Clock clock;

    TopEndpoint(MergedView view, DisplayNames displayNames, Duration maxRange, Clock clock) {
        this.view = Objects.requireNonNull(view, "view");
        this.displayNames = Objects.requireNonNull(displayNames, "displayNames");
        this.maxRange = Objects.requireNonNull(maxRange, "maxRange");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void handle(Context ctx) {
        Slice slice = ApiParams.slice(ctx.queryParam("lang"), ctx.queryParam("source"));
        int limit = ApiParams.intInRange("limit", ctx.queryParam("limit"), 20, 1, MAX_LIMIT);
        String toRaw = ctx.queryParam("to");
        String fromRaw = ctx.queryParam("from");
        Instant to = ApiParams.instant("to", toRaw, SeriesEndpoint.endOfCurrentStep(SeriesStep.HOUR, clock.instant()));
        Instant from = ApiParams.instant("from", fromRaw, to.minus(Duration.ofHours(24)));
        ApiParams.range(fromRaw, from, toRaw, to, maxRange);
        RangeCounts counts = view.hourTotals(slice, from, to);
        List<Map.Entry<String, Long>> top = new ArrayList<>(counts.counts().entrySet());
        top.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        top = top.subList(0, Math.min(limit, top.size()));
        Map<String, String> display = displayNames.lookup(top.stream().map(Map.Entry::getKey).toList());
        List<Item> items = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            String k = top.get(i).getKey();
            items.add(new Item(i + 1, display.getOrDefault(k, k), k, top.get(i).getValue()));
        }
        BatchCutoff batch = counts.views() == null ? null : counts.views().batch();
        if (counts.degraded()) {
            HttpMetrics.markDegraded(ctx);
        }
        ctx.json(new TopResponse(counts.from(), counts.to(), slice.lang(), slice.source(), counts.provenance(),
                batch == null ? null : batch.version(), batch == null ? null : batch.cutoff(), counts.degraded(),
                counts.reason(), items));
    }

    /** {@code view}: batch, speed or mixed, for the whole range. */
    record TopResponse(Instant from, Instant to, String lang, String source, Provenance view, String batchVersion,
                       Instant batchCutoff, boolean degraded, String reason, List<Item> items) {
    }

    record Item(int rank, String keyword, String canonical, long count) {
    }
}
