package io.silgeom.ingest.collect;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks 0..n-1 with probability proportional to {@code 1 / (rank+1)^exponent}: word frequencies in real
 * text follow this law (exponent about 1), so a few keywords are everywhere and most are rare.
 */
final class ZipfSampler {
    private final double[] cumulative;

    ZipfSampler(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("a Zipf sampler needs at least one rank, got " + n);
        }
        cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1.0 / Math.pow(r + 1, exponent);
            cumulative[r] = sum;
        }
    }

    int size() {
        return cumulative.length;
    }

    int sample(SplittableRandom random) {
        double u = random.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        // binarySearch returns -(insertion point) - 1 when u is between two cumulative values.
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    double probability(int rank) {
        double previous = rank == 0 ? 0 : cumulative[rank - 1];
        return (cumulative[rank] - previous) / cumulative[cumulative.length - 1];
    }
}
