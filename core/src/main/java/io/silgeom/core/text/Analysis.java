package io.silgeom.core.text;

import io.silgeom.core.text.filter.Label;
import java.util.Objects;
import java.util.Set;

/**
 * What one article contributes to the counts.
 *
 * @param lang     the article's language: as given, else detected ({@code ko}, {@code en}, or {@code und})
 * @param keywords distinct keywords (one count per article per keyword); empty when {@code filtered}
 * @param label    the content filter's judgement of the article ({@link Label#CLEAN} when no filter ran)
 * @param filtered true when the content policy excludes the article from every count (DESIGN.md §4): it is
 *                 counted as {@code filtered} instead
 */
public record Analysis(String lang, Set<Keyword> keywords, Label label, boolean filtered) {
    public Analysis {
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(label, "label");
        keywords = Set.copyOf(keywords);
        if (filtered && !keywords.isEmpty()) {
            throw new IllegalArgumentException("a filtered article contributes no keywords, got " + keywords.size());
        }
    }

    /** Keyword analysis alone, no content filter: a clean, counted article. */
    public Analysis(String lang, Set<Keyword> keywords) {
        this(lang, keywords, Label.CLEAN, false);
    }
}
