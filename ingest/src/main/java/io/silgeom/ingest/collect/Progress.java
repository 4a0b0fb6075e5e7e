package io.silgeom.ingest.collect;

import java.time.Duration;

/**
 * How far a collector has come; what the CLI draws its progress bar from.
 *
 * @param read             input records read (file rows, or records generated)
 * @param published        records handed to the publisher for the articles topic
 * @param deadLettered     records sent to the dead-letter topic because they could not be mapped
 * @param bytesRead        input bytes consumed so far (0 for the generator)
 * @param totalBytes       input size in bytes, or {@link #UNKNOWN_TOTAL} (the generator, a stream)
 * @param elapsed          time since the collector started
 * @param recordsPerSecond published records per second since the previous report (the average over the whole
 *                         run in the final report)
 * @param finished         true in the last report of a run
 */
public record Progress(
        long read,
        long published,
        long deadLettered,
        long bytesRead,
        long totalBytes,
        Duration elapsed,
        double recordsPerSecond,
        boolean finished) {

    /** {@code totalBytes} when the size of the input is not known. */
    public static final long UNKNOWN_TOTAL = -1;

    /** Share of the input consumed, 0..1, or NaN when the total is unknown. */
    public double fraction() {
        return totalBytes > 0 ? Math.min(1.0, (double) bytesRead / totalBytes) : Double.NaN;
    }
}
