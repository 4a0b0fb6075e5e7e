package io.silgeom.core.redis;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One (lang, source) cut of the counts. Every count is written under four slices, its own
 * ({@code ko/news}), both partial roll-ups ({@code ko/all}, {@code all/news}) and the total
 * ({@code all/all}), so that a query for any filter reads one hash per bucket instead of summing.
 */
public record Slice(String lang, String source) {
    public static final String ALL = "all";
    /** Language of an article whose language could not be determined. */
    public static final String UNKNOWN_LANG = "und";
    // NOTE: the patterns must be initialised before TOTAL, whose constructor uses them.
    private static final Pattern LANG = Pattern.compile("all|[a-z]{2,3}");
    private static final Pattern SOURCE = Pattern.compile("all|news|social");
    public static final Slice TOTAL = new Slice(ALL, ALL);
    private static final Map<String, List<Slice>> ROLL_UPS = new ConcurrentHashMap<>();

    public Slice {
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(source, "source");
        if (!LANG.matcher(lang).matches()) {
            throw new IllegalArgumentException("lang must be 'all' or a 2-3 letter code, got: " + lang);
        }
        if (!SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("source must be all, news or social, got: " + source);
        }
    }

    /** The four slices one article of {@code lang}/{@code source} counts in. */
    public static List<Slice> rollUps(String lang, String source) {
        // Asked once per counted article: a handful of (lang, source) pairs, validated once each.
        return ROLL_UPS.computeIfAbsent(lang + ":" + source,
                k -> List.of(new Slice(lang, source), new Slice(lang, ALL), new Slice(ALL, source), TOTAL));
    }

    @Override
    public String toString() {
        return lang + ":" + source;
    }
}
