package io.silgeom.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as operators write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 6h}, {@code 7d}, or ISO-8601 {@code PT2M}. */
public final class DurationParser {
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private DurationParser() {
    }

    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a duration (use e.g. 500ms, 30s, 2m, 6h, 7d or PT2M): " + text);
        }
    }

    public static String format(Duration d) {
        if (d.toMillis() % 86_400_000L == 0 && d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toMillis() % 3_600_000L == 0 && d.toHours() > 0) {
            return d.toHours() + "h";
        }
        if (d.toMillis() % 60_000L == 0 && d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        if (d.toMillis() % 1000L == 0) {
            return d.toSeconds() + "s";
        }
        return d.toMillis() + "ms";
    }
}
