package io.silgeom.bench.measure;

import java.time.Duration;

/**
 * Documents handled over a measured span.
 *
 * @param documents records that went through (valid or not)
 * @param elapsed   wall-clock time from the first to the last
 */
public record Throughput(long documents, Duration elapsed) {
    public Throughput {
        if (documents <= 0 || elapsed.isNegative() || elapsed.isZero()) {
            throw new IllegalArgumentException("throughput needs documents > 0 and a positive span, got "
                    + documents + " in " + elapsed);
        }
    }

    public double documentsPerSecond() {
        return documents * 1e9 / elapsed.toNanos();
    }
}
