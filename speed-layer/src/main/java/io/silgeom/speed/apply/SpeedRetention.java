package io.silgeom.speed.apply;

import io.silgeom.core.time.TimeBuckets;
import io.silgeom.speed.config.SpeedConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the speed view keeps what it writes. A bucket expires at its start plus the retention, the
 * same instant for every write to it, so its TTL never depends on when the last article arrived.
 *
 * @param dedupeHorizon   TTL of an article's seen marker
 * @param minuteRetention minute buckets live until minute start + this
 * @param hourRetention   hour buckets and per-hour document counts live until hour start + this
 */
public record SpeedRetention(Duration dedupeHorizon, Duration minuteRetention, Duration hourRetention) {
    public SpeedRetention {
        requirePositive(dedupeHorizon, "dedupeHorizon");
        requirePositive(minuteRetention, "minuteRetention");
        requirePositive(hourRetention, "hourRetention");
    }

    public static SpeedRetention of(SpeedConfig config) {
        return new SpeedRetention(config.dedupeHorizon(), config.minuteRetention(), config.hourRetention());
    }

    /** When the minute bucket of {@code eventTime} expires; empty if it already has at {@code now} (do not write it). */
    public Optional<Instant> minuteBucketExpiry(Instant eventTime, Instant now) {
        return liveUntil(TimeBuckets.minuteStart(eventTime).plus(minuteRetention), now);
    }

    /** When the hour bucket of {@code eventTime} expires; empty if it already has at {@code now} (do not write it). */
    public Optional<Instant> hourBucketExpiry(Instant eventTime, Instant now) {
        return liveUntil(TimeBuckets.hourStart(eventTime).plus(hourRetention), now);
    }

    private static Optional<Instant> liveUntil(Instant expiresAt, Instant now) {
        // NOTE: PEXPIREAT with a past instant deletes the key at once, so an expired bucket is never written.
        return expiresAt.isAfter(now) ? Optional.of(expiresAt) : Optional.empty();
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got: " + d);
        }
    }
}
