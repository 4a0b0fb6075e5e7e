package io.silgeom.ingest.collect;

import io.silgeom.core.article.Article;
import java.util.Set;

/**
 * A generated article and the vocabulary words it really mentions (entities, topics, hashtags), so tests can
 * count keyword frequencies without running the analyzer.
 */
record SyntheticArticle(Article article, Set<String> keywords) {
}
