package io.silgeom.bench.measure;

import java.util.concurrent.locks.LockSupport;

/** Paced sending: the i-th event of a steady rate is due at start + i / rate. */
public final class Pacing {
    private Pacing() {
    }

    /** Parks until {@code System.nanoTime()} reaches {@code dueNanos} (returns at once if it has). */
    public static void awaitNanoTime(long dueNanos) {
        for (long now = System.nanoTime(); now < dueNanos; now = System.nanoTime()) {
            LockSupport.parkNanos(dueNanos - now);
        }
    }
}
