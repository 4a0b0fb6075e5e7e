package io.silgeom.ingest.collect;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential back-off between retries: {@code initial}, twice that, four times, … never more than {@code max}.
 * A value: the caller counts its consecutive failures, so a success resets the wait by resetting that count.
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial back-off must be positive, got: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max back-off " + max + " is below the initial " + initial);
        }
    }

    /** The wait after the {@code failures}-th consecutive failure (1 = the first). */
    public Duration after(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        // 2^30 times any initial above a nanosecond is already beyond any sensible max: stop doubling there.
        int doublings = Math.min(failures - 1, 30);
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}
