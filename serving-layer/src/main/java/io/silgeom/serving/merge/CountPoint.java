package io.silgeom.serving.merge;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of a keyword series.
 *
 * @param start      start of the step (UTC)
 * @param count      merged count: distinct articles mentioning the keyword in the step
 * @param provenance which view answered it
 */
public record CountPoint(Instant start, long count, Provenance provenance) {
    public CountPoint {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(provenance, "provenance");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got: " + count);
        }
    }
}
