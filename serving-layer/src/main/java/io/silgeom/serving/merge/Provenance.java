package io.silgeom.serving.merge;

import java.util.Locale;

/** Which view answered a point: the batch view, the speed view, or both (a step that spans the cutoff). */
public enum Provenance {
    BATCH, SPEED, MIXED;

    /** The provenance of a point made of buckets from this view and from {@code other}. */
    public Provenance with(Provenance other) {
        return other == null || other == this ? this : MIXED;
    }

    /** {@code batch}, {@code speed} or {@code mixed}: how the API writes it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
