package io.silgeom.serving.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.SnapshotService;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /api/v1/trends} (latest snapshot) and {@code GET /api/v1/trends/{snapshotId}} (that one again).
 *
 * <p>Both answer with a strong {@code ETag} made of the snapshot id and the page ({@code offset}, {@code limit}):
 * a snapshot never changes while it is kept, so those three fix the body byte for byte. A request whose
 * {@code If-None-Match} names that tag (or is {@code *}) gets {@code 304} and no body. {@code Cache-Control: no-cache}
 * makes caches ask again each time, since the latest snapshot moves on every refresh. The same three fix
 * the encoded body, so each page is encoded once ({@link EncodedPages}), and gzipped once for clients that accept
 * gzip (their answer carries the tag weakened, {@code W/"…"}, and {@code Vary: Accept-Encoding}).
 */
final class TrendsEndpoint {
    private final SnapshotService snapshots;
    private final Duration retention;
    private final EncodedPages pages;

    TrendsEndpoint(SnapshotService snapshots, Duration retention, ObjectMapper json) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.pages = new EncodedPages(json);
    }

    void latest(Context ctx) {
        SnapshotKey key = new SnapshotKey(ApiParams.window(ctx.queryParam("window")),
                ApiParams.slice(ctx.queryParam("lang"), ctx.queryParam("source")));
        int limit = limit(ctx);
        int offset = offset(ctx);
        answer(ctx, snapshots.latest(key), offset, limit);
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
        answer(ctx, s.get(), offset, limit);
    }

    private void answer(Context ctx, TrendSnapshot snapshot, int offset, int limit) {
        String tag = etag(snapshot.snapshotId(), offset, limit);
        boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
        // NOTE: the gzipped answer carries the tag weakened, as nginx does: a strong tag names one exact
        // representation (RFC 9110 section 8.8.1), and the gzipped bytes are another one of the same page.
        ctx.header("ETag", gzip ? "W/" + tag : tag);
        ctx.header("Vary", "Accept-Encoding");
        ctx.header("Cache-Control", "no-cache");
        if (snapshot.degraded()) {
            HttpMetrics.markDegraded(ctx);
        }
        if (matches(ctx.header("If-None-Match"), tag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType(ContentType.APPLICATION_JSON);
        if (gzip) {
            // With Content-Encoding set, Javalin leaves the body as it is instead of compressing it again.
            ctx.header("Content-Encoding", "gzip").result(pages.gzipped(tag, snapshot, offset, limit));
        } else {
            ctx.result(pages.get(tag, snapshot, offset, limit));
        }
    }

    /**
     * RFC 9110 section 12.5.3: gzip (or its alias x-gzip) is acceptable when listed with a non-zero {@code q}, or
     * when not listed and {@code *} is, with a non-zero {@code q}. A malformed {@code q} counts as 0 (not
     * acceptable), so a garbled header gets the plain answer every client can read.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null || acceptEncoding.isBlank()) {
            return false;
        }
        Double gzipQ = null;
        Double anyQ = null;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].strip();
                if (param.length() > 2 && (param.startsWith("q=") || param.startsWith("Q="))) {
                    try {
                        q = Double.parseDouble(param.substring(2).strip());
                    } catch (NumberFormatException e) {
                        q = 0.0;
                    }
                }
            }
            if (name.equals("gzip") || name.equals("x-gzip")) {
                gzipQ = gzipQ == null ? q : Math.max(gzipQ, q);
            } else if (name.equals("*")) {
                anyQ = q;
            }
        }
        return gzipQ != null ? gzipQ > 0 : anyQ != null && anyQ > 0;
    }

    /** {@code "<snapshotId>.<offset>.<limit>"}: snapshot ids hold only letters, digits and dashes. */
    static String etag(String snapshotId, int offset, int limit) {
        return "\"" + snapshotId + "." + offset + "." + limit + "\"";
    }

    /**
     * RFC 9110 section 13.1.2: {@code If-None-Match} is {@code *} or a list of tags, compared weakly (a
     * {@code W/} prefix is ignored), so a cache that weakened our tag still revalidates.
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(tag)) {
                return true;
            }
        }
        return false;
    }

    private static int limit(Context ctx) {
        return ApiParams.intInRange("limit", ctx.queryParam("limit"), 20, 1, SnapshotService.MAX_ITEMS);
    }

    private static int offset(Context ctx) {
        return ApiParams.intInRange("offset", ctx.queryParam("offset"), 0, 0, SnapshotService.MAX_ITEMS);
    }
}
