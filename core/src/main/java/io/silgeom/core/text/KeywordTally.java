package io.silgeom.core.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords of one article while it is being analyzed: for each canonical form, how often it occurred, where it
 * first occurred, and how often each surface form was written. Not thread-safe; one per {@code analyze} call.
 */
final class KeywordTally {
    private static final Comparator<Entry> MOST_FREQUENT_FIRST = Comparator
            .comparingInt((Entry e) -> -e.occurrences)
            .thenComparingInt(e -> e.firstOffset)
            .thenComparing(e -> e.canonical);

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    void add(String canonical, String surface, int offset) {
        Entry e = entries.computeIfAbsent(canonical, c -> new Entry(c, offset));
        e.occurrences++;
        e.firstOffset = Math.min(e.firstOffset, offset);
        e.surfaces.merge(surface, 1, Integer::sum);
    }

    /**
     * At most {@code limit} keywords: the most frequent in this article, ties broken by first occurrence, then by
     * canonical form, so the same text always yields the same set. Each keyword's display form is its most
     * frequent surface form, ties broken by the first written.
     */
    Set<Keyword> top(int limit) {
        List<Entry> ranked = new ArrayList<>(entries.values());
        if (ranked.size() > limit) {
            ranked.sort(MOST_FREQUENT_FIRST);
            ranked = ranked.subList(0, limit);
        }
        Set<Keyword> out = new HashSet<>();
        for (Entry e : ranked) {
            out.add(new Keyword(e.canonical, e.display()));
        }
        return out;
    }

    private static final class Entry {
        final String canonical;
        // Insertion order = order of first appearance, which breaks ties between surface forms.
        final Map<String, Integer> surfaces = new LinkedHashMap<>(4);
        int occurrences;
        int firstOffset;

        Entry(String canonical, int firstOffset) {
            this.canonical = canonical;
            this.firstOffset = firstOffset;
        }

        String display() {
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> s : surfaces.entrySet()) {
                if (s.getValue() > bestCount) {
                    best = s.getKey();
                    bestCount = s.getValue();
                }
            }
            return best;
        }
    }
}
