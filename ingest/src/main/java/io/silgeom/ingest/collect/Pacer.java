package io.silgeom.ingest.collect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/** Waits until an instant of the clock, in short naps so that a stop request takes effect quickly. */
final class Pacer {
    /** Longest single nap: bounds how late a stop request is noticed. */
    static final Duration MAX_NAP = Duration.ofMillis(200);

    private final Clock clock;
    private final Sleeper sleeper;
    private final BooleanSupplier stopRequested;

    Pacer(Clock clock, Sleeper sleeper, BooleanSupplier stopRequested) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.stopRequested = Objects.requireNonNull(stopRequested, "stopRequested");
    }

    /**
     * Returns at {@code target} or later; at once when {@code target} has passed (a collector that fell behind
     * catches up instead of drifting).
     *
     * @return false when a stop was requested while waiting
     */
    boolean awaitUntil(Instant target) throws InterruptedException {
        while (true) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            Duration left = Duration.between(clock.instant(), target);
            if (left.isZero() || left.isNegative()) {
                return true;
            }
            sleeper.sleep(left.compareTo(MAX_NAP) > 0 ? MAX_NAP : left);
        }
    }
}
