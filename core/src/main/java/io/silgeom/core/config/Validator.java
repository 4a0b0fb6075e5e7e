package io.silgeom.core.config;

import java.time.Duration;
import java.util.Set;

/**
 * Checks a parsed value; returns null when fine, else the reason (the caller adds the key and value).
 */
@FunctionalInterface
public interface Validator<T> {
    String check(T value);

    static <T> Validator<T> any() {
        return v -> null;
    }

    static Validator<String> notBlank() {
        return v -> v == null || v.isBlank() ? "must not be blank" : null;
    }

    static Validator<String> oneOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        return v -> set.contains(v) ? null : "must be one of " + String.join(", ", allowed);
    }

    static Validator<Integer> between(int min, int max) {
        return v -> v < min || v > max ? "must be between " + min + " and " + max : null;
    }

    static Validator<Long> atLeast(long min) {
        return v -> v < min ? "must be at least " + min : null;
    }

    static Validator<Double> betweenDouble(double min, double max) {
        return v -> v < min || v > max ? "must be between " + min + " and " + max : null;
    }

    static Validator<Duration> between(Duration min, Duration max) {
        return v -> v.compareTo(min) < 0 || v.compareTo(max) > 0
                ? "must be between " + DurationParser.format(min) + " and " + DurationParser.format(max) : null;
    }
}
