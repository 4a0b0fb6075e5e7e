package io.silgeom.serving.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.SnapshotService;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/stream}: server-sent events, one {@code snapshot} event (id = snapshotId, data = the snapshot
 * JSON) per new snapshot of the default chart, the latest one right after connecting. With refreshes following the
 * speed layer that is up to one event a second, so each snapshot is encoded once for all clients.
 */
final class SnapshotStream implements Consumer<TrendSnapshot>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStream.class);
    static final String EVENT = "snapshot";

    private final SnapshotService snapshots;
    private final ObjectMapper json;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();

    SnapshotStream(SnapshotService snapshots, ObjectMapper json) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.json = Objects.requireNonNull(json, "json");
        snapshots.addListener(this);
    }

    void connect(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        snapshots.peek(SnapshotKey.DEFAULT).ifPresent(s -> send(client, s.snapshotId(), encode(s)));
    }

    /** A new default snapshot: to every connected client, encoded once for all of them. */
    @Override
    public void accept(TrendSnapshot snapshot) {
        if (clients.isEmpty()) {
            return;
        }
        String data = encode(snapshot);
        for (SseClient c : clients) {
            send(c, snapshot.snapshotId(), data);
        }
    }

    int clientCount() {
        return clients.size();
    }

    private String encode(TrendSnapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("snapshot " + snapshot.snapshotId() + " is not serialisable", e);
        }
    }

    private void send(SseClient client, String id, String data) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            client.sendEvent(EVENT, data, id);
        } catch (RuntimeException e) {
            LOG.debug("sse client gone: {}", e.toString());
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        snapshots.removeListener(this);
        for (SseClient c : clients) {
            c.close();
        }
        clients.clear();
    }
}
