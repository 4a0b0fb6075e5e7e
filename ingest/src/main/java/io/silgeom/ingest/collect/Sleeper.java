package io.silgeom.ingest.collect;

import java.time.Duration;

/**
 * Waits. Collectors pace themselves through a {@link java.time.Clock} and a sleeper, so unit tests replace
 * both with a fake clock whose sleeper only moves the clock forward: no test really sleeps.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}: the real thing. */
    static Sleeper system() {
        return d -> Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    }
}
