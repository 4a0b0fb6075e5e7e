package io.silgeom.ingest.collect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told; its {@link #sleeper()} advances it instead of sleeping. */
final class MutableClock extends Clock {
    private Instant now;
    private Duration tick = Duration.ZERO;

    MutableClock(Instant start) {
        this.now = start;
    }

    void advance(Duration d) {
        now = now.plus(d);
    }

    /** From now on every reading first moves the clock by {@code d}: time passes as the code works. */
    void tickOnEveryReading(Duration d) {
        tick = d;
    }

    Sleeper sleeper() {
        return this::advance;
    }

    @Override
    public Instant instant() {
        now = now.plus(tick);
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("tests use UTC only");
    }
}
