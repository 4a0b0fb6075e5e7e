package io.silgeom.serving.snapshot;

/** How a keyword's rank moved since the previous snapshot of the same chart. */
public enum Change {
    UP, DOWN, SAME, NEW;

    /** {@code previousRank} null: the keyword was not in the previous snapshot (or there was none). */
    public static Change of(Integer previousRank, int rank) {
        if (previousRank == null) {
            return NEW;
        }
        if (previousRank > rank) {
            return UP;
        }
        return previousRank < rank ? DOWN : SAME;
    }
}
