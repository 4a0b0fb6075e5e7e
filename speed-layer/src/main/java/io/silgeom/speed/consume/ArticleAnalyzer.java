package io.silgeom.speed.consume;

import io.silgeom.core.article.Article;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import java.util.Objects;

/**
 * What the speed layer asks of text analysis: the language and keywords of one article, or that the content policy
 * filters it out. In production it is {@link DocumentAnalyzer#analyze}, the very code the batch layer runs, so both
 * views count the same articles and keywords; tests put a small fake behind it.
 */
@FunctionalInterface
public interface ArticleAnalyzer {
    Analysis analyze(Article article);

    static ArticleAnalyzer of(KeywordExtractor extractor) {
        Objects.requireNonNull(extractor, "extractor");
        return extractor::analyze;
    }

    /** The content policy, then keyword analysis: what both views run in production. */
    static ArticleAnalyzer of(DocumentAnalyzer analyzer) {
        Objects.requireNonNull(analyzer, "analyzer");
        return analyzer::analyze;
    }
}
