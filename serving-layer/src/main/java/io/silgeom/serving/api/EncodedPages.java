package io.silgeom.serving.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON bytes of each trends page, encoded once per (snapshot id, offset, limit) and served from memory after
 * that: a snapshot never changes while it is kept, so the bytes cannot go stale, and between two refreshes every
 * request for the default chart is the same page. Encoding on each request was most of what {@code /trends} cost
 * beyond a static resource (docs/benchmarks.md, serving layer).
 *
 * <p>Bounded by entries, not by time: past {@link #MAX_ENTRIES} the whole cache is dropped and refilled by the next
 * requests (one encoding each), which is simpler than an LRU and costs little, since only the latest snapshot of a
 * few charts is requested often.
 */
final class EncodedPages {
    static final int MAX_ENTRIES = 512;

    private final ObjectMapper json;
    private final Map<String, byte[]> pages = new ConcurrentHashMap<>();

    EncodedPages(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** The page's JSON; {@code tag} names the page uniquely (the ETag: snapshot id, offset, limit). */
    byte[] get(String tag, TrendSnapshot snapshot, int offset, int limit) {
        byte[] cached = pages.get(tag);
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
        pages.put(tag, encoded);
        return encoded;
    }

    int size() {
        return pages.size();
    }
}
