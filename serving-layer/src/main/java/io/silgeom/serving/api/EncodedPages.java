package io.silgeom.serving.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * The JSON bytes of each trends page, encoded once per (snapshot id, offset, limit) and served from memory after
 * that: a snapshot never changes while it is kept, so the bytes cannot go stale, and between two refreshes every
 * request for the default chart is the same page. Encoding on each request was most of what {@code /trends} cost
 * beyond a static resource (docs/benchmarks.md, serving layer). The gzipped bytes are kept beside them, made the
 * first time a client that accepts gzip (every browser) asks for the page: otherwise Javalin would compress every
 * such answer over 1,500 bytes again, on every request.
 *
 * <p>Bounded by entries, not by time: past {@link #MAX_ENTRIES} the whole cache is dropped and refilled by the next
 * requests (one encoding each), which is simpler than an LRU and costs little, since only the latest snapshot of a
 * few charts is requested often.
 */
final class EncodedPages {
    static final int MAX_ENTRIES = 512;

    private final ObjectMapper json;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();

    EncodedPages(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The page's JSON; {@code tag} names the page uniquely (the ETag: snapshot id, offset, limit). */
    byte[] get(String tag, TrendSnapshot snapshot, int offset, int limit) {
        return page(tag, snapshot, offset, limit).json;
    }

    /** The page's JSON gzipped (RFC 1952), for {@code Content-Encoding: gzip}; made once per page. */
    byte[] gzipped(String tag, TrendSnapshot snapshot, int offset, int limit) {
        return page(tag, snapshot, offset, limit).gzipped();
    }

    private Page page(String tag, TrendSnapshot snapshot, int offset, int limit) {
        Page cached = pages.get(tag);
        if (cached != null) {
            return cached;
        }
        byte[] encoded;
        try {
            encoded = json.writeValueAsBytes(snapshot.page(offset, limit));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot " + snapshot.snapshotId() + " cannot be encoded", e);
        }
        if (pages.size() >= MAX_ENTRIES) {
            pages.clear();
        }
        // NOTE: two threads may encode the same page at once; both results are equal, either one is kept.
        Page page = new Page(encoded);
        pages.put(tag, page);
        return page;
    }

    int size() {
        return pages.size();
    }

    /** One page's bytes; the gzipped form made on first use. */
    private static final class Page {
        private final byte[] json;
        /** Null until a client asks for gzip; two threads may both compress once, both results are equal. */
        private volatile byte[] gzipped;

        Page(byte[] json) {
            this.json = json;
        }

        byte[] gzipped() {
            byte[] g = gzipped;
            if (g == null) {
                g = gzip(json);
                gzipped = g;
            }
            return g;
        }

        private static byte[] gzip(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("gzip into memory failed", e);
            }
            return out.toByteArray();
        }
    }
}
