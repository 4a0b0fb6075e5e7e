package io.silgeom.speed.apply;

/**
 * How much evidence the speed view keeps: per keyword and hour, the {@code headlines} newest headlines, once the
 * keyword has {@code minCount} voices in the hour (distinct sites and authors, all languages and sources: the speed
 * view has no all-slice count to ask, and a keyword that one site repeats cannot chart anyway); and per applied batch, only for the
 * {@code keywordsPerBatch} keywords the batch mentions most. The threshold keeps the long tail of one-off keywords,
 * most of the vocabulary, from costing a headline each; the per-batch bound keeps the JSON merging inside the apply
 * script small (measured: updating every keyword's evidence cost more Redis time than all the counts together).
 * A keyword that charts is, by definition, among the most mentioned, so its headlines stay fresh.
 */
public record EvidenceLimits(int headlines, int minCount, int keywordsPerBatch) {
    public static final EvidenceLimits DEFAULT = new EvidenceLimits(3, 2, 100);

    public EvidenceLimits {
        if (keywordsPerBatch < 0) {
            throw new IllegalArgumentException("keywordsPerBatch must be >= 0, got: " + keywordsPerBatch);
        }
        if (headlines < 1 || headlines > 20) {
            throw new IllegalArgumentException("headlines must be 1-20, got: " + headlines);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, got: " + minCount);
        }
    }
}
