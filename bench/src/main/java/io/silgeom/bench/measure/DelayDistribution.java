package io.silgeom.bench.measure;

import java.time.Duration;
import java.util.Arrays;

/**
 * Percentiles of a set of delays (nearest rank: the p-th percentile is the smallest delay that at least p% of
 * the delays do not exceed).
 */
public record DelayDistribution(int count, Duration p50, Duration p99, Duration max) {

    public static DelayDistribution of(long[] delaysNanos) {
        if (delaysNanos.length == 0) {
            throw new IllegalArgumentException("no delays measured");
        }
        long[] sorted = delaysNanos.clone();
        Arrays.sort(sorted);
        return new DelayDistribution(sorted.length, Duration.ofNanos(rank(sorted, 0.50)),
                Duration.ofNanos(rank(sorted, 0.99)), Duration.ofNanos(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
