package io.silgeom.ingest.collect;

/**
 * How a replay moves event times (DESIGN.md §8, {@code --time-shift}).
 *
 * <ul>
 *   <li>{@link #NOW}: old data is replayed as if it were happening now. With a speedup {@code s}:
 *       {@code t' = start + (t - t0) / s}, {@code t0} = the first record's time, and each record is sent at
 *       {@code t'}. Without a speedup (as fast as possible, or {@code --rate}), the whole file is moved so that
 *       its latest record lands at the start of the replay: {@code t' = t + (start - tMax)}; relative times are
 *       kept and no record is in the future. That needs {@code tMax}, so the file is read twice.</li>
 *   <li>{@link #NONE}: event times are sent unchanged.</li>
 * </ul>
 */
public enum TimeShift {
    NOW,
    NONE;

    /** Reads the CLI form: {@code now} or {@code none}, any case. */
    public static TimeShift parse(String text) {
        for (TimeShift t : values()) {
            if (t.name().equalsIgnoreCase(text.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("time shift must be now or none, got: " + text);
    }
}
