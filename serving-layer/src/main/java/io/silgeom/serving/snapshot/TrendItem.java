package io.silgeom.serving.snapshot;

import io.silgeom.serving.signal.Headline;
import java.util.List;
import java.util.Objects;

/**
 * One row of a trend chart.
 *
 * @param rank         1-based
 * @param keyword      display form ("Samsung", "손흥민")
 * @param canonical    the form the counts are kept under; use it for {@code /keywords/{keyword}/series}
 * @param score        trend score, 3 decimals
 * @param count        merged count in the window
 * @param expected     expected count per window from the baseline, 3 decimals
 * @param previousRank rank in the previous snapshot of the same chart, or null when it was not there
 * @param evidence     the newest headlines that mentioned it in the window (at most 3; empty when none are kept)
 */
public record TrendItem(int rank, String keyword, String canonical, double score, long count, double expected,
                        Integer previousRank, Change change, List<Headline> evidence) {
    public TrendItem {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(change, "change");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (rank < 1) {
            throw new IllegalArgumentException("rank must be at least 1, got: " + rank);
        }
    }

    /** A row without evidence. */
    public TrendItem(int rank, String keyword, String canonical, double score, long count, double expected,
                     Integer previousRank, Change change) {
        this(rank, keyword, canonical, score, count, expected, previousRank, change, List.of());
    }
}
