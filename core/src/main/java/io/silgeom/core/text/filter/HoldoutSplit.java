package io.silgeom.core.text.filter;

/**
 * Which texts are held out of training: a text is held out when the hash of its text (MurmurHash3, seeded) falls in
 * the first {@code fraction} of the hash range. Decided by the text alone, so the split is the same whatever the
 * file order, a duplicate text is on the same side as its twin, and {@code filter eval} can pick the very rows
 * {@code filter train} left out.
 *
 * @param fraction share of texts held out, in [0, 1)
 * @param seed     another seed gives another split
 */
public record HoldoutSplit(double fraction, long seed) {
    /** The split the shipped model was trained with: 20 %, seed 1. */
    public static final HoldoutSplit SHIPPED = new HoldoutSplit(0.2, 1);

    public HoldoutSplit {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("holdout fraction must be in [0, 1), got " + fraction);
        }
    }

    public boolean heldOut(String text) {
        String key = text.strip();
        int h = MurmurHash3.hash(key, 0, key.length(), (int) (seed ^ (seed >>> 32)));
        return (h & 0xffffffffL) < fraction * 0x1p32;
    }
}
