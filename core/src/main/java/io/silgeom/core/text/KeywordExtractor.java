package io.silgeom.core.text;

import io.silgeom.core.article.Article;

/**
 * The keyword analysis both views run. STUB: to be implemented (core helper).
 * Thread-safe; create once per process (loading the Nori dictionary takes a moment).
 */
public final class KeywordExtractor {
    public static KeywordExtractor create() {
        return new KeywordExtractor();
    }

    public Analysis analyze(Article article) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
