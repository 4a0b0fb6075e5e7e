package io.silgeom.serving.api;

import io.javalin.http.Context;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.SnapshotService;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@code GET /api/v1/trends} (latest snapshot) and {@code GET /api/v1/trends/{snapshotId}} (that one again). */
final class TrendsEndpoint {
    private final SnapshotService snapshots;
    private final Duration retention;

    TrendsEndpoint(SnapshotService snapshots, Duration retention) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    void latest(Context ctx) {
        SnapshotKey key = new SnapshotKey(ApiParams.window(ctx.queryParam("window")),
                ApiParams.slice(ctx.queryParam("lang"), ctx.queryParam("source")));
        int limit = limit(ctx);
        int offset = offset(ctx);
        ctx.json(snapshots.latest(key).page(offset, limit));
    }

    void byId(Context ctx) {
        String id = ctx.pathParam("snapshotId");
        int limit = limit(ctx);
        int offset = offset(ctx);
        Optional<TrendSnapshot> s = snapshots.byId(id);
        if (s.isEmpty()) {
            ctx.status(404).json(Map.of("error", "snapshot '" + id + "' not found: snapshots are kept "
                    + io.silgeom.core.config.DurationParser.format(retention) + " after they are computed"));
            return;
        }
        ctx.json(s.get().page(offset, limit));
    }

    private static int limit(Context ctx) {
        return ApiParams.intInRange("limit", ctx.queryParam("limit"), 20, 1, SnapshotService.MAX_ITEMS);
    }

    private static int offset(Context ctx) {
        return ApiParams.intInRange("offset", ctx.queryParam("offset"), 0, 0, SnapshotService.MAX_ITEMS);
    }
}
