package io.silgeom.serving.trend;

import io.silgeom.core.config.DurationParser;
import java.time.Duration;
import java.util.Objects;

/**
 * The length of time a trend chart compares against its baseline: 1 minute to 7 days. Windows up to
 * {@link #MINUTE_BUCKETS_UP_TO} are counted from minute buckets and must be whole minutes; longer ones (including
 * every window over a day) from hour buckets and must be whole hours, because the speed view keeps minutes only for
 * the last few hours ({@code speed.minute.retention}, 6h).
 *
 * <p>NOTE: 7 days is the upper bound because the speed view keeps hours for 8 days ({@code speed.hour.retention}):
 * a longer window would be degraded by design whenever the batch cutoff lags.
 */
public record TrendWindow(Duration length) {
    public static final Duration MIN = Duration.ofMinutes(1);
    public static final Duration MAX = Duration.ofDays(7);
    public static final Duration MINUTE_BUCKETS_UP_TO = Duration.ofHours(6);
    public static final TrendWindow DEFAULT = new TrendWindow(Duration.ofHours(1));

    public TrendWindow {
        Objects.requireNonNull(length, "length");
        if (length.compareTo(MIN) < 0 || length.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("window must be between 1m and 7d, got: " + DurationParser.format(length));
        }
        if (length.compareTo(MINUTE_BUCKETS_UP_TO) <= 0 && length.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("a window up to 6h must be whole minutes, got: " + DurationParser.format(length));
        }
        if (length.compareTo(MINUTE_BUCKETS_UP_TO) > 0 && length.toSeconds() % 3600 != 0) {
            throw new IllegalArgumentException("a window over 6h must be whole hours, got: " + DurationParser.format(length));
        }
    }

    /**
     * Reads the short forms {@code 5m}, {@code 90m}, {@code 1h}, {@code 24h}, {@code 7d} and any ISO-8601 duration
     * ({@code PT30M}, {@code PT2H}, {@code P1D}); the message of a failure names the value.
     */
    public static TrendWindow parse(String text) {
        return new TrendWindow(DurationParser.parse(text));
    }

    /** Whole hours the window spans, rounded up: the baseline must be at least this long (see TrendScorer). */
    public int hoursSpanned() {
        return (int) ((length.toMinutes() + 59) / 60);
    }

    public boolean usesMinuteBuckets() {
        return length.compareTo(MINUTE_BUCKETS_UP_TO) <= 0;
    }

    /**
     * {@code 5m}, {@code 90m}, {@code 1h}, {@code 24h}, {@code 2d}, {@code 36h}: how the API names the window. A day
     * stays {@code 24h} (the name the dashboard and the docs use); whole days beyond it are named in days.
     */
    public String label() {
        long minutes = length.toMinutes();
        if (minutes % 60 != 0) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        return hours > 24 && hours % 24 == 0 ? (hours / 24) + "d" : hours + "h";
    }

    @Override
    public String toString() {
        return label();
    }
}
