package io.silgeom.ingest.collect.x;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The rate-limit headers of an X API response: {@code x-rate-limit-remaining} (requests left in the window) and
 * {@code x-rate-limit-reset} (epoch seconds when the window starts over). Absent headers read as "no limit known".
 */
record RateLimit(OptionalLong remaining, Instant reset) {

    static RateLimit of(HttpHeaders headers) {
        OptionalLong remaining = number(headers, "x-rate-limit-remaining");
        OptionalLong reset = number(headers, "x-rate-limit-reset");
        return new RateLimit(remaining, reset.isPresent() ? Instant.ofEpochSecond(reset.getAsLong()) : null);
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        try {
            return headers.firstValue(name).map(v -> OptionalLong.of(Long.parseLong(v.strip())))
                    .orElse(OptionalLong.empty());
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True when the window is used up: the next request must wait for {@link #reset}. */
    boolean exhausted() {
        return remaining.isPresent() && remaining.getAsLong() <= 0;
    }

    /** How long to wait from {@code now} until the window resets (a second more, for clock skew); empty if unknown. */
    Duration untilReset(Instant now) {
        if (reset == null) {
            return null;
        }
        Duration wait = Duration.between(now, reset).plusSeconds(1);
        return wait.isNegative() ? Duration.ZERO : wait;
    }
}
