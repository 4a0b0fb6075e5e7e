package io.silgeom.serving.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One computed trend chart, kept unchanged for the snapshot retention so that paging through it by
 * {@code snapshotId} never mixes two charts.
 *
 * @param snapshotId   opaque id for {@code GET /api/v1/trends/{snapshotId}}
 * @param asOf         when it was computed
 * @param window       {@code 5m}, {@code 1h}, …
 * @param windowStart  first instant counted (inclusive)
 * @param windowEnd    end of the counted window (exclusive)
 * @param batchVersion version of the batch view read, or null before the first batch run
 * @param batchCutoff  cutoff {@code T} of that batch view, or null before the first batch run
 * @param degraded     true when a count the chart needed may be missing; {@code reason} says which
 * @param previousSnapshotId the snapshot of the same chart whose ranks the items' {@code previousRank} and
 *                     {@code change} are taken from (about one refresh interval older, still readable by id), or
 *                     null when there was none
 * @param totalItems   number of ranked keywords in the whole snapshot (items may be one page of them)
 */
public record TrendSnapshot(String snapshotId, Instant asOf, String window, String lang, String source,
                            Instant windowStart, Instant windowEnd, String batchVersion, Instant batchCutoff,
                            boolean degraded, String reason, String previousSnapshotId, int totalItems,
                            List<TrendItem> items) {
    public TrendSnapshot {
        Objects.requireNonNull(snapshotId, "snapshotId");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(source, "source");
        items = List.copyOf(items);
        if (degraded != (reason != null)) {
            throw new IllegalArgumentException("a degraded snapshot needs a reason and only then: " + reason);
        }
    }

    /** The same snapshot with only items {@code [offset, offset + limit)}. */
    public TrendSnapshot page(int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset and limit must not be negative: " + offset + ", " + limit);
        }
        int from = Math.min(offset, items.size());
        int to = (int) Math.min((long) from + limit, items.size());
        return new TrendSnapshot(snapshotId, asOf, window, lang, source, windowStart, windowEnd, batchVersion,
                batchCutoff, degraded, reason, previousSnapshotId, totalItems, items.subList(from, to));
    }
}
