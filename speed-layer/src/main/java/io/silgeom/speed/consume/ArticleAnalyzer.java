package io.silgeom.speed.consume;

import io.silgeom.core.article.Article;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.KeywordExtractor;
import java.util.Objects;

/**
 * What the speed layer asks of text analysis: the language and keywords of one article. In production it
 * is {@link KeywordExtractor#analyze}, the very code the batch layer runs, so both views count the same
 * keywords; tests put a small fake behind it.
 */
@FunctionalInterface
public interface ArticleAnalyzer {
    Analysis analyze(Article article);

    static ArticleAnalyzer of(KeywordExtractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        return extractor::analyze;
    }
}
