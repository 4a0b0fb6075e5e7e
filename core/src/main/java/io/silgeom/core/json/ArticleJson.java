package io.silgeom.core.json;

import io.silgeom.core.article.Article;

/**
 * JSON codec of the article record (DESIGN.md §3). STUB: to be implemented (core helper).
 */
public final class ArticleJson {
    private ArticleJson() {
    }

    public static byte[] encode(Article article) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Encodes a dead letter as one JSON object (the DLQ record value). */
    public static byte[] encodeDeadLetter(io.silgeom.core.validation.DeadLetter deadLetter) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static io.silgeom.core.validation.DeadLetter decodeDeadLetter(byte[] json) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static String encodeToString(Article article) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
