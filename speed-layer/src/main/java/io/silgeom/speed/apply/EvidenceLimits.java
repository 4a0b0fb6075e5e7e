package io.silgeom.speed.apply;

/**
 * How much evidence the speed view keeps: per keyword and hour, the {@code headlines} newest headlines, once the
 * keyword's hour count (all languages and sources) has reached {@code minCount}. The threshold keeps the long tail
 * of one-off keywords, most of the vocabulary, from costing a headline each.
 */
public record EvidenceLimits(int headlines, int minCount) {
    public static final EvidenceLimits DEFAULT = new EvidenceLimits(3, 2);

    public EvidenceLimits {
        if (headlines < 1 || headlines > 20) {
            throw new IllegalArgumentException("headlines must be 1-20, got: " + headlines);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got: " + minCount);
        }
    }
}
