package io.silgeom.serving.api;

import io.silgeom.core.config.DurationParser;
import io.silgeom.core.redis.Slice;
import io.silgeom.serving.merge.SeriesStep;
import io.silgeom.serving.trend.TrendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and checks request parameters. Every failure is a {@link BadParameterException} whose message names the
 * parameter and the value, e.g. {@code window: '7x' is not a window of 1m to 7d (e.g. 5m, 1h, 24h, PT30M, PT2H, P1D): ...}.
 * A null raw value means "absent" and takes the default.
 */
public final class ApiParams {
    /** Most points one series answer may hold. */
    public static final int MAX_POINTS = 5000;
    private static final Pattern LANG = Pattern.compile("all|[a-z]{2,3}");
    private static final Pattern SOURCE = Pattern.compile("all|news|social");

    private ApiParams() {
    }

    /** {@code 5m}, {@code 1h}, {@code 24h}, {@code 7d} or ISO-8601 ({@code PT30M}, {@code P1D}): 1 minute to 7 days. */
    public static TrendWindow window(String raw) {
        if (absent(raw)) {
            return TrendWindow.DEFAULT;
        }
        try {
            return TrendWindow.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("window", raw, "is not a window of 1m to 7d (e.g. 5m, 1h, 24h, PT30M, "
                    + "PT2H, P1D): " + e.getMessage());
        }
    }

    public static int intInRange(String name, String raw, int defaultValue, int min, int max) {
        if (absent(raw)) {
            return defaultValue;
        }
        int v;
        try {
            v = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, raw, "is not a whole number");
        }
        if (v < min || v > max) {
            throw new BadParameterException(name, raw, "must be between " + min + " and " + max);
        }
        return v;
    }

    /** {@code lang} ({@code all} or a 2-3 letter code) and {@code source} ({@code all}, {@code news}, {@code social}). */
    public static Slice slice(String lang, String source) {
        String l = absent(lang) ? Slice.ALL : lang.strip().toLowerCase(Locale.ROOT);
        String s = absent(source) ? Slice.ALL : source.strip().toLowerCase(Locale.ROOT);
        if (!LANG.matcher(l).matches()) {
            throw new BadParameterException("lang", lang, "must be all or a 2-3 letter language code (ko, en, ...)");
        }
        if (!SOURCE.matcher(s).matches()) {
            throw new BadParameterException("source", source, "must be all, news or social");
        }
        return new Slice(l, s);
    }

    /** An ISO-8601 instant with offset, e.g. {@code 2024-05-01T10:00:00Z} or {@code 2024-05-01T19:00+09:00}. */
    public static Instant instant(String name, String raw, Instant defaultValue) {
        if (absent(raw)) {
            return defaultValue;
        }
        try {
            return OffsetDateTime.parse(raw.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, raw, "is not an ISO-8601 time with offset (e.g. 2024-05-01T10:00:00Z)");
        }
    }

    public static SeriesStep step(String raw) {
        if (absent(raw)) {
            return SeriesStep.HOUR;
        }
        try {
            return SeriesStep.parse(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("step", raw, "must be PT1M, PT1H or P1D");
        }
    }

    /** The canonical form counts are kept under: trimmed and lower-cased (Korean is unaffected). */
    public static String keyword(String raw) {
        String k = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (k.isEmpty() || k.length() > 200) {
            throw new BadParameterException("keyword", raw, "must be 1 to 200 characters");
        }
        return k;
    }

    /** {@code from} must be before {@code to}, and the range no longer than {@code maxRange}. */
    public static void range(String fromRaw, Instant from, String toRaw, Instant to, Duration maxRange) {
        if (!from.isBefore(to)) {
            throw new BadParameterException("from", fromRaw == null ? from.toString() : fromRaw,
                    "must be before to (" + (toRaw == null ? to.toString() : toRaw) + ")");
        }
        if (Duration.between(from, to).compareTo(maxRange) > 0) {
            throw new BadParameterException("to", toRaw == null ? to.toString() : toRaw,
                    "makes a range longer than serving.max.range " + DurationParser.format(maxRange)
                            + " from " + (fromRaw == null ? from.toString() : fromRaw));
        }
    }

    /** The number of points a series of {@code [from, to)} at {@code step} holds must stay at most {@link #MAX_POINTS}. */
    public static void points(Instant from, Instant to, SeriesStep step) {
        long points = Duration.between(step.floor(from), step.ceil(to)).dividedBy(step.length());
        if (points > MAX_POINTS) {
            throw new BadParameterException("step", step.isoName(), "gives " + points + " points from " + from
                    + " to " + to + ", more than " + MAX_POINTS + ": use a larger step or a shorter range");
        }
    }

    private static boolean absent(String raw) {
        return raw == null || raw.isBlank();
    }
}
