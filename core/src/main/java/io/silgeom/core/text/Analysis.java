package io.silgeom.core.text;

import java.util.Objects;
import java.util.Set;

/**
 * What one article contributes to the counts.
 *
 * @param lang     the article's language: as given, else detected ({@code ko}, {@code en}, or {@code und})
 * @param keywords distinct keywords (one count per article per keyword)
 */
public record Analysis(String lang, Set<Keyword> keywords) {
    public Analysis {
        Objects.requireNonNull(lang, "lang");
        keywords = Set.copyOf(keywords);
    }
}
