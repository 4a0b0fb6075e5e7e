package io.silgeom.core.text.filter;

import java.util.Objects;

/** One training or evaluation example: a text and its gold label. */
public record LabelledText(String text, Label label) {
    public LabelledText {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }
}
