package io.silgeom.serving.trend;

import io.silgeom.core.config.DurationParser;
import java.time.Duration;
import java.util.Objects;

/**
 * The length of time a trend chart compares against its baseline: 5 minutes to 24 hours. Windows up to
 * {@link #MINUTE_BUCKETS_UP_TO} are counted from minute buckets and must be whole minutes; longer ones from hour
 * buckets and must be whole hours (the speed view keeps minutes only for the last few hours).
 */
public record TrendWindow(Duration length) {
    public static final Duration MIN = Duration.ofMinutes(5);
    public static final Duration MAX = Duration.ofHours(24);
    public static final Duration MINUTE_BUCKETS_UP_TO = Duration.ofHours(6);
    public static final TrendWindow DEFAULT = new TrendWindow(Duration.ofHours(1));

    public TrendWindow {
        Objects.requireNonNull(length, "length");
        if (length.compareTo(MIN) < 0 || length.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("window must be between 5m and 24h, got: " + DurationParser.format(length));
        }
        if (length.compareTo(MINUTE_BUCKETS_UP_TO) <= 0 && length.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("a window up to 6h must be whole minutes, got: " + DurationParser.format(length));
        }
        if (length.compareTo(MINUTE_BUCKETS_UP_TO) > 0 && length.toSeconds() % 3600 != 0) {
            throw new IllegalArgumentException("a window over 6h must be whole hours, got: " + DurationParser.format(length));
        }
    }

    /** Reads {@code 5m}, {@code 1h}, {@code 90m}, {@code PT1H}; the message of a failure names the value. */
    public static TrendWindow parse(String text) {
        return new TrendWindow(DurationParser.parse(text));
    }

    public boolean usesMinuteBuckets() {
        return length.compareTo(MINUTE_BUCKETS_UP_TO) <= 0;
    }

    /** {@code 5m}, {@code 90m}, {@code 1h}, {@code 24h}: how the API names the window. */
    public String label() {
        long minutes = length.toMinutes();
        return minutes % 60 == 0 ? (minutes / 60) + "h" : minutes + "m";
    }

    @Override
    public String toString() {
        return label();
    }
}
