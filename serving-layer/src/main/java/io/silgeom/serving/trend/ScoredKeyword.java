package io.silgeom.serving.trend;

import java.util.Objects;

/**
 * One keyword's trend score.
 *
 * @param keyword  canonical keyword
 * @param count    merged count in the window
 * @param expected average count per window over the baseline hours
 * @param score    {@code (count - expected) / sqrt(expected + 1)}
 */
public record ScoredKeyword(String keyword, long count, double expected, double score) {
    public ScoredKeyword {
        Objects.requireNonNull(keyword, "keyword");
    }
}
