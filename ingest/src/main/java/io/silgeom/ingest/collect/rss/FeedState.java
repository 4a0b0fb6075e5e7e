package io.silgeom.ingest.collect.rss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the RSS collector must remember across restarts, per feed: the ids of the items already produced (so an
 * item is never produced twice) and the validators for the next conditional GET. One small JSON file,
 * {@code <state-dir>/rss-state.json}, rewritten whole through a temporary file and an atomic rename, so a crash
 * leaves the old state or the new one, never half of one.
 *
 * <p>Each feed keeps its newest {@code maxIdsPerFeed} ids: an item that has dropped out of a feed does not come
 * back, so the ids of a few hundred polls are plenty. Thread-safe.
 */
public final class FeedState {
    static final String FILE_NAME = "rss-state.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final int maxIdsPerFeed;
    private final Map<String, LinkedHashSet<String>> seen = new HashMap<>();
    private final Map<String, FeedFetcher.Validators> validators = new HashMap<>();

    private FeedState(Path file, int maxIdsPerFeed) {
        this.file = file;
        this.maxIdsPerFeed = maxIdsPerFeed;
    }

    /**
     * Reads the state in {@code dir}, or starts empty when there is none yet.
     *
     * @throws IOException when the directory cannot be made or the file is unreadable (a corrupt file is not
     *                     silently reset: that would produce every item again)
     */
    public static FeedState open(Path dir, int maxIdsPerFeed) throws IOException {
        Files.createDirectories(dir);
        FeedState state = new FeedState(dir.resolve(FILE_NAME), maxIdsPerFeed);
        if (Files.exists(state.file)) {
            JsonNode root;
            try {
                root = MAPPER.readTree(state.file.toFile());
            } catch (IOException e) {
                throw new IOException("cannot read the RSS state " + state.file + " (move it away to start afresh, "
                        + "which produces the feeds' current items again): " + e.getMessage(), e);
            }
            root.path("feeds").fields().forEachRemaining(f -> state.load(f.getKey(), f.getValue()));
        }
        return state;
    }

    private void load(String feed, JsonNode node) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        node.path("seen").forEach(id -> ids.add(id.asText()));
        seen.put(feed, ids);
        validators.put(feed, new FeedFetcher.Validators(text(node.get("etag")), text(node.get("lastModified"))));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    public synchronized boolean seen(String feed, String id) {
        return seen.getOrDefault(feed, new LinkedHashSet<>()).contains(id);
    }

    public synchronized FeedFetcher.Validators validators(String feed) {
        return validators.getOrDefault(feed, FeedFetcher.Validators.NONE);
    }

    /** Records produced ids and the validators of the fetch that brought them, and writes the file. */
    public synchronized void record(String feed, Collection<String> ids, FeedFetcher.Validators fetched) {
        LinkedHashSet<String> set = seen.computeIfAbsent(feed, k -> new LinkedHashSet<>());
        set.addAll(ids);
        var it = set.iterator();
        while (set.size() > maxIdsPerFeed && it.hasNext()) {
            it.next();
            it.remove();
        }
        validators.put(feed, Objects.requireNonNull(fetched, "fetched"));
        save();
    }

    public synchronized Set<String> feeds() {
        return Set.copyOf(seen.keySet());
    }

    private void save() {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode feeds = root.putObject("feeds");
        for (Map.Entry<String, LinkedHashSet<String>> e : seen.entrySet()) {
            ObjectNode f = feeds.putObject(e.getKey());
            FeedFetcher.Validators v = validators.getOrDefault(e.getKey(), FeedFetcher.Validators.NONE);
            f.put("etag", v.etag());
            f.put("lastModified", v.lastModified());
            ArrayNode ids = f.putArray("seen");
            e.getValue().forEach(ids::add);
        }
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try {
            MAPPER.writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the RSS state " + file, e);
        }
    }
}
