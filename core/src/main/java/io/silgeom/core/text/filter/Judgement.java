package io.silgeom.core.text.filter;

import java.util.Objects;

/**
 * The content filter's verdict on one text.
 *
 * @param label the most probable label
 * @param score the model's probability of that label, in [1/3, 1]
 */
public record Judgement(Label label, double score) {
    public Judgement {
        Objects.requireNonNull(label, "label");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
    }
}
