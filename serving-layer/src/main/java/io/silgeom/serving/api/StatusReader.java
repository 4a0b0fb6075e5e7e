package io.silgeom.serving.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.snapshot.SnapshotKey;
import io.silgeom.serving.snapshot.SnapshotService;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Reads the operational facts from Redis in one pipeline: {@link RedisKeys#BATCH_CURRENT},
 * {@link RedisKeys#BATCH_STATUS}, {@link RedisKeys#SPEED_STATUS}, {@link RedisKeys#SPEED_CURRENT} and the collectors'
 * health hashes ({@link #COLLECTOR_STATUS_KEYS}); adds the snapshot refresher's health when it runs in a serving
 * process.
 */
public final class StatusReader {
    /**
     * The collectors' health hashes, input → JSON health: {@code silgeom collect rss} writes one field per feed
     * ({@code state}, {@code consecutiveFailures}, {@code lastError}, ...), {@code silgeom collect x} one field
     * {@code x} ({@code state}: connected, disconnected, failing, search-only).
     */
    static final Map<String, String> COLLECTOR_STATUS_KEYS = Map.of(
            "rss", RedisKeys.RSS_COLLECTOR_STATUS,
            "x", RedisKeys.X_COLLECTOR_STATUS);
    /** Reasons name at most this many failing feeds; the rest are counted. */
    static final int FAILING_FEEDS_NAMED = 3;

    /** A speed-layer report older than this means the speed layer is stuck or gone. */
    public static final Duration SPEED_STATUS_STALE_AFTER = Duration.ofMinutes(2);

    private final RedisClient redis;
    private final ObjectMapper json = ApiJson.mapper();
    private final Clock clock;

    public StatusReader(RedisClient redis, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @param snapshots the snapshot service of this process, or null when there is none (a CLI) */
    public ServingStatus read(SnapshotService snapshots) {
        Instant now = clock.instant();
        List<String> reasons = new ArrayList<>();
        ServingStatus.Snapshots snapshotFacts = snapshots == null ? null : snapshotFacts(snapshots, now, reasons);
        Response<String> batchCurrent;
        Response<String> batchReport;
        Response<Map<String, String>> speedStatus;
        Response<String> speedCurrent;
        Map<String, Response<Map<String, String>>> collectorStatus = new TreeMap<>();
        try (AbstractPipeline p = redis.pipelined()) {
            batchCurrent = p.get(RedisKeys.BATCH_CURRENT);
            batchReport = p.get(RedisKeys.BATCH_STATUS);
            speedStatus = p.hgetAll(RedisKeys.SPEED_STATUS);
            speedCurrent = p.get(RedisKeys.SPEED_CURRENT);
            COLLECTOR_STATUS_KEYS.forEach((name, key) -> collectorStatus.put(name, p.hgetAll(key)));
            p.sync();
        } catch (JedisException e) {
            reasons.add("redis unavailable: " + e.getMessage());
            return new ServingStatus(now, null, null, null, snapshotFacts, true, reasons);
        }
        ServingStatus.Batch batch = batch(batchCurrent.get(), reasons);
        JsonNode report = report(batchReport.get(), reasons);
        String generation = RedisKeys.speedGeneration(speedCurrent.get());
        ServingStatus.Speed speed = speed(generation, speedStatus.get(), now, reasons);
        Map<String, Map<String, JsonNode>> collectors = new TreeMap<>();
        collectorStatus.forEach((name, hash) -> {
            if (!hash.get().isEmpty()) {
                collectors.put(name, collector(name, hash.get(), reasons));
            }
        });
        return new ServingStatus(now, batch, report, speed, snapshotFacts, collectors, !reasons.isEmpty(), reasons);
    }

    /**
     * One collector's health per input, parsed; a reason for each input that is failing (an RSS feed with
     * consecutive failures, an X connection {@code failing} or {@code disconnected}).
     */
    private Map<String, JsonNode> collector(String name, Map<String, String> hash, List<String> reasons) {
        Map<String, JsonNode> inputs = new TreeMap<>();
        List<String> failing = new ArrayList<>();
        hash.forEach((input, raw) -> {
            JsonNode node;
            try {
                node = json.readTree(raw);
            } catch (IOException e) {
                // Shown as written, like an unreadable batch report.
                node = TextNode.valueOf(raw);
            }
            inputs.put(input, node);
            String state = node.path("state").asText("");
            if (node.path("consecutiveFailures").asInt(0) > 0 || state.equals("failing")
                    || state.equals("disconnected")) {
                String error = node.path("lastError").asText("");
                failing.add(input + " " + (state.isEmpty() ? "failing" : state) + (error.isEmpty() ? "" : ": " + error));
            }
        });
        if (!failing.isEmpty()) {
            java.util.Collections.sort(failing);
            String named = String.join("; ", failing.subList(0, Math.min(FAILING_FEEDS_NAMED, failing.size())));
            reasons.add("collector " + name + ": " + failing.size() + " of " + inputs.size() + " input(s) failing ("
                    + named + (failing.size() > FAILING_FEEDS_NAMED ? "; ..." : "") + ")");
        }
        return inputs;
    }

    private static ServingStatus.Snapshots snapshotFacts(SnapshotService snapshots, Instant now, List<String> reasons) {
        TrendSnapshot latest = snapshots.peek(SnapshotKey.DEFAULT).orElse(null);
        String failure = snapshots.lastFailure().orElse(null);
        if (failure != null) {
            reasons.add("snapshot refresh failing: " + failure);
        }
        if (latest == null) {
            return new ServingStatus.Snapshots(null, null, null, false, null, failure);
        }
        if (latest.degraded()) {
            reasons.add("trends " + latest.window() + ": " + latest.reason());
        }
        return new ServingStatus.Snapshots(latest.snapshotId(), latest.asOf(),
                Duration.between(latest.asOf(), now).toSeconds(), latest.degraded(), latest.reason(), failure);
    }

    private static ServingStatus.Batch batch(String raw, List<String> reasons) {
        if (raw == null) {
            return null;
        }
        try {
            BatchCutoff c = BatchCutoffJson.decode(raw);
            return new ServingStatus.Batch(c.version(), c.cutoff(), c.publishedAt(), new TreeMap<>(c.offsets()));
        } catch (IllegalArgumentException e) {
            reasons.add(RedisKeys.BATCH_CURRENT + " is unreadable: " + e.getMessage());
            return null;
        }
    }

    private JsonNode report(String raw, List<String> reasons) {
        if (raw == null) {
            return null;
        }
        JsonNode node;
        try {
            node = json.readTree(raw);
        } catch (IOException e) {
            // Shown as written: a report that is not JSON is still worth reading.
            return TextNode.valueOf(raw);
        }
        boolean failed = (node.path("ok").isBoolean() && !node.path("ok").asBoolean())
                || "failed".equalsIgnoreCase(node.path("status").asText(""));
        if (failed) {
            String why = node.path("error").asText(node.path("reason").asText("see lastBatchReport"));
            reasons.add("last batch run failed: " + why);
        }
        // The batch run compares the speed view with its own view for the hours both hold (batch-layer
        // reconciliation); a drift over its threshold turns the status red, the numbers are in lastBatchReport.
        JsonNode reconciliation = node.path("reconciliation");
        if (reconciliation.path("ok").isBoolean() && !reconciliation.path("ok").asBoolean()) {
            reasons.add("reconciliation: speed and batch views differ by up to "
                    + Math.round(reconciliation.path("maxRelDrift").asDouble() * 1000) / 10.0 + "% in "
                    + reconciliation.path("hoursOverMax").size() + " hour(s) (see lastBatchReport.reconciliation)");
        }
        return node;
    }

    private static ServingStatus.Speed speed(String generation, Map<String, String> fields, Instant now,
                                             List<String> reasons) {
        if (fields.isEmpty()) {
            reasons.add("the speed layer has not reported (" + RedisKeys.SPEED_STATUS + " is empty)");
            return new ServingStatus.Speed(generation, Map.of(), 0, null, null, null, null, null, Map.of());
        }
        Map<String, Long> lag = new TreeMap<>();
        Map<String, String> other = new TreeMap<>();
        Long applied = null;
        Long duplicates = null;
        Long late = null;
        Long dlq = null;
        Instant updatedAt = null;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.startsWith("lag:") && asLong(v) != null) {
                lag.put(k.substring("lag:".length()), asLong(v));
            } else if (k.equals("applied") && asLong(v) != null) {
                applied = asLong(v);
            } else if (k.equals("duplicates") && asLong(v) != null) {
                duplicates = asLong(v);
            } else if (k.equals("late") && asLong(v) != null) {
                late = asLong(v);
            } else if (k.equals("dlq") && asLong(v) != null) {
                dlq = asLong(v);
            } else if (k.equals("updatedAt") && asInstant(v) != null) {
                updatedAt = asInstant(v);
            } else {
                other.put(k, v);
            }
        }
        if (updatedAt == null) {
            reasons.add("the speed layer's report has no readable updatedAt");
        } else if (Duration.between(updatedAt, now).compareTo(SPEED_STATUS_STALE_AFTER) > 0) {
            reasons.add("the speed layer last reported " + Duration.between(updatedAt, now).toSeconds() + "s ago");
        }
        long total = lag.values().stream().mapToLong(Long::longValue).sum();
        return new ServingStatus.Speed(generation, lag, total, applied, duplicates, late, dlq, updatedAt, other);
    }

    private static Long asLong(String v) {
        try {
            return Long.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** ISO-8601 instant (what the speed layer writes) or epoch milliseconds. */
    private static Instant asInstant(String v) {
        Long ms = asLong(v);
        if (ms != null) {
            return Instant.ofEpochMilli(ms);
        }
        try {
            return Instant.parse(v.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
