package io.silgeom.serving.trend;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * What may chart besides the minimum count: the blocklist (checked again here, so terms added to it after they were
 * counted disappear from the chart at once) and the minimum number of distinct voices, sites or social authors,
 * that mentioned a keyword in the window (anti-manipulation: one site or account repeating a word cannot chart it).
 *
 * @param blocked   true for a canonical keyword that must never chart
 * @param minVoices distinct sites/authors needed, where the window has voices to judge by (1: no rule)
 */
public record ChartRules(Predicate<String> blocked, int minVoices) {
    public static final ChartRules NONE = new ChartRules(k -> false, 1);

    public ChartRules {
        Objects.requireNonNull(blocked, "blocked");
        if (minVoices < 1) {
            throw new IllegalArgumentException("minVoices must be at least 1, got: " + minVoices);
        }
    }

    public boolean mayChart(String canonical) {
        return !blocked.test(canonical);
    }
}
