package io.silgeom.core.text;

import java.util.Objects;

/**
 * A keyword as counted: {@code canonical} is the key both views count under (lower-case, folded,
 * near-duplicates merged); {@code display} is how the chart shows it ("Samsung", "#BTS", "손흥민").
 */
public record Keyword(String canonical, String display) {
    public Keyword {
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(display, "display");
        if (canonical.isBlank()) {
            throw new IllegalArgumentException("keyword canonical form must not be blank");
        }
    }
}
