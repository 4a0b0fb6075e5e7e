package io.silgeom.core.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One (lang, source) cut of the counts. A <em>leaf</em> names one language and one source ({@code ko:news}); the
 * others are roll-ups ({@code ko:all}, {@code all:news}, {@code all:all}).
 *
 * <p>The two views store them differently. The batch view, written once a night, stores every count under its four
 * {@link #rollUps roll-up slices}, so a query for any filter reads one hash per hour. The speed view, written
 * thousands of times a second, stores only the leaf and lists the leaves it has written
 * ({@code RedisKeys.speedSlices}); a query sums the leaves its slice {@link #covers}. Writing four slices cost the
 * speed layer four times the Redis increments (docs/benchmarks.md), while the sum costs a reader a handful of small
 * hashes instead of one.
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

    /** The four slices one article of {@code lang}/{@code source} counts in, in the batch view. */
    public static List<Slice> rollUps(String lang, String source) {
        // Asked once per counted article: a handful of (lang, source) pairs, validated once each.
        return ROLL_UPS.computeIfAbsent(lang + ":" + source,
                k -> List.of(new Slice(lang, source), new Slice(lang, ALL), new Slice(ALL, source), TOTAL));
    }

    /** The leaf of {@code lang}/{@code source}, validated once per pair (it is asked once per counted article). */
    public static Slice leaf(String lang, String source) {
        Slice leaf = rollUps(lang, source).get(0);
        if (!leaf.isLeaf()) {
            throw new IllegalArgumentException("a leaf names one language and one source, got: " + leaf);
        }
        return leaf;
    }

    /** Parses {@code lang:source}, the form {@link #toString} writes. */
    public static Slice parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.indexOf(':');
        if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("a slice is lang:source, got: " + text);
        }
        return new Slice(text.substring(0, colon), text.substring(colon + 1));
    }

    /**
     * The leaves named in {@code names} (the members of {@code RedisKeys.speedSlices}), sorted by name: what a reader
     * of the speed view sums.
     *
     * @throws IllegalArgumentException if a name is not {@code lang:source} or not a leaf
     */
    public static List<Slice> parseLeaves(Collection<String> names) {
        List<Slice> leaves = new ArrayList<>(names.size());
        for (String name : new TreeSet<>(names)) {
            Slice leaf = parse(name);
            if (!leaf.isLeaf()) {
                throw new IllegalArgumentException("not a leaf slice: " + name);
            }
            leaves.add(leaf);
        }
        return leaves;
    }

    /** True when this slice names one language and one source. */
    public boolean isLeaf() {
        return !lang.equals(ALL) && !source.equals(ALL);
    }

    /** True when the counts of {@code leaf} are part of this slice's counts. */
    public boolean covers(Slice leaf) {
        return (lang.equals(ALL) || lang.equals(leaf.lang)) && (source.equals(ALL) || source.equals(leaf.source));
    }

    /** The members of {@code leaves} this slice covers, in their order: what a query of this slice sums. */
    public List<Slice> coveredLeaves(Collection<Slice> leaves) {
        List<Slice> covered = new ArrayList<>();
        for (Slice leaf : leaves) {
            if (!leaf.isLeaf()) {
                throw new IllegalArgumentException("not a leaf slice: " + leaf);
            }
            if (covers(leaf)) {
                covered.add(leaf);
            }
        }
        return covered;
    }

    @Override
    public String toString() {
        return lang + ":" + source;
    }
}
