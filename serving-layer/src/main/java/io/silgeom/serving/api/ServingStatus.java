package io.silgeom.serving.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The facts of {@code GET /api/v1/status} and {@code silgeom status}.
 *
 * @param batch           the published batch view, or null before the first batch run
 * @param lastBatchReport the JSON report of the last batch run as the batch layer wrote it, or null
 * @param speed           what the speed layer last reported
 * @param snapshots       the trend snapshots of this process, or null when read outside a serving process
 * @param collectors      per collector ({@code rss}, {@code x}) that reported, its health per input (a feed's name,
 *                        {@code x}) as the collector wrote it; empty when no collector runs with Redis
 * @param degraded        true when any of {@code reasons} applies
 */
public record ServingStatus(Instant now, Batch batch, JsonNode lastBatchReport, Speed speed, Snapshots snapshots,
                            Map<String, Map<String, JsonNode>> collectors, boolean degraded, List<String> reasons) {
    public ServingStatus {
        collectors = Map.copyOf(collectors);
        reasons = List.copyOf(reasons);
    }

    /** Without collectors (as before they reported here). */
    public ServingStatus(Instant now, Batch batch, JsonNode lastBatchReport, Speed speed, Snapshots snapshots,
                         boolean degraded, List<String> reasons) {
        this(now, batch, lastBatchReport, speed, snapshots, Map.of(), degraded, reasons);
    }

    public record Batch(String version, Instant cutoff, Instant publishedAt, Map<String, Long> offsets) {
    }

    /**
     * @param lagByPartition records behind per {@code topic:partition}
     * @param totalLag       sum of {@code lagByPartition}
     * @param other          fields of {@code sg:status:speed} this version does not interpret, as written
     */
    public record Speed(String generation, Map<String, Long> lagByPartition, long totalLag, Long applied,
                        Long duplicates, Long late, Long dlq, Instant updatedAt, Map<String, String> other) {
    }

    /** The default (1h/all/all) chart's latest snapshot and the snapshot refresher's health. */
    public record Snapshots(String latestSnapshotId, Instant asOf, Long ageSeconds, boolean degraded, String reason,
                            String lastRefreshFailure) {
    }
}
