package io.silgeom.ingest.collect;

import io.silgeom.core.article.Article;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.text.KeywordExtractor;
import java.util.Optional;

/**
 * The language of an article that does not name one, guessed by the keyword analysis the layers run
 * ({@link KeywordExtractor}), so a collector and the layers never disagree about it.
 */
@FunctionalInterface
public interface LanguageGuess {
    /** A 2-3 letter code, or empty when the text does not tell. */
    Optional<String> of(Article article);

    /** Core's analysis; loads the Korean dictionary once (about a second), so make one per collector. */
    static LanguageGuess byKeywordAnalysis() {
        KeywordExtractor extractor = KeywordExtractor.create();
        return article -> {
            String lang = extractor.analyze(article).lang();
            return lang == null || lang.equals(Slice.UNKNOWN_LANG) ? Optional.empty() : Optional.of(lang);
        };
    }
}
