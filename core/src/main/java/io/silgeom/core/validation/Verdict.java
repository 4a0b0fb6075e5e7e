package io.silgeom.core.validation;

import io.silgeom.core.article.Article;
import java.util.Objects;

/** Outcome of validating one raw record: the article, or the reason it was rejected. */
public sealed interface Verdict permits Verdict.Valid, Verdict.Invalid {

    /** The record is an article every layer may count. */
    record Valid(Article article) implements Verdict {
        public Valid {
            Objects.requireNonNull(article, "article");
        }
    }

    /**
     * The record breaks a rule of DESIGN.md §3.
     *
     * @param rule   stable rule name, e.g. {@code id.missing}, {@code publishedAt.future} (metrics label, tests)
     * @param reason human-readable reason naming the field and value (goes to the DLQ)
     */
    record Invalid(String rule, String reason) implements Verdict {
        public Invalid {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
