package io.silgeom.speed.consume;

import java.time.Duration;
import java.time.Instant;

/**
 * Articles applied per second over the last interval: the applied counter's growth between two samples divided by
 * the time between them. Sampled by the status writer at each write, so the interval is {@code speed.status.interval}.
 * A counter that grows only in bursts (one flush per second) still gives a steady figure over a few seconds, which
 * is what an operator compares with the input rate.
 *
 * <p>Thread-safe: sampled on the consumer thread, read by the meter registry from any thread.
 */
final class AppliedRate {
    private Instant lastAt;
    private long lastApplied;
    private volatile double perSecond;

    /**
     * Takes a sample and returns the rate since the previous one. The first sample only sets the start (rate 0); a
     * sample at the same instant as the previous one (a frozen test clock) keeps the last rate.
     */
    synchronized double sample(long applied, Instant now) {
        if (lastAt != null) {
            long elapsedNanos = Duration.between(lastAt, now).toNanos();
            if (elapsedNanos <= 0) {
                return perSecond;
            }
            perSecond = (applied - lastApplied) * 1e9 / elapsedNanos;
        }
        lastAt = now;
        lastApplied = applied;
        return perSecond;
    }

    /** The rate at the last sample. */
    double perSecond() {
        return perSecond;
    }
}
