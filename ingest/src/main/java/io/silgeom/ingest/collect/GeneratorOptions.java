package io.silgeom.ingest.collect;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SyntheticStream} generates. {@code io.silgeom.ingest.config.IngestConfig#generatorOptions()}
 * fills it from configuration (where the defaults are declared); the CLI may override single values with the
 * {@code with*} methods.
 *
 * @param seed                  same seed, same start instant → the same records, byte for byte
 * @param ratePerSecond         live articles per second, averaged over a day (the daily cycle moves it)
 * @param duplicateShare        share of records that re-publish a recent article unchanged (same id), as RSS
 *                              feeds do; the layers must count each once
 * @param invalidShare          share of records deliberately invalid (for DLQ demos); 0 normally
 * @param koreanShare           share of Korean articles (the rest English)
 * @param socialShare           share of social posts (the rest news)
 * @param dailyAmplitude        strength of the daily cycle, 0 (flat) to below 1
 * @param bursts                planted spikes
 * @param backfillRatePerSecond articles per second of event time when back-filling history
 */
public record GeneratorOptions(
        long seed,
        double ratePerSecond,
        double duplicateShare,
        double invalidShare,
        double koreanShare,
        double socialShare,
        double dailyAmplitude,
        List<Burst> bursts,
        double backfillRatePerSecond) {

    public GeneratorOptions {
        positive(ratePerSecond, "rate");
        positive(backfillRatePerSecond, "backfill rate");
        share(duplicateShare, "duplicate share", 0.5);
        share(invalidShare, "invalid share", 0.5);
        share(koreanShare, "korean share", 1);
        share(socialShare, "social share", 1);
        if (duplicateShare + invalidShare > 0.5) {
            throw new IllegalArgumentException("duplicate share + invalid share must be at most 0.5, got "
                    + (duplicateShare + invalidShare));
        }
        if (!(dailyAmplitude >= 0 && dailyAmplitude < 1)) {
            throw new IllegalArgumentException("daily amplitude must be in [0, 1), got " + dailyAmplitude);
        }
        bursts = List.copyOf(Objects.requireNonNull(bursts, "bursts"));
    }

    public GeneratorOptions withSeed(long value) {
        return new GeneratorOptions(value, ratePerSecond, duplicateShare, invalidShare, koreanShare, socialShare,
                dailyAmplitude, bursts, backfillRatePerSecond);
    }

    public GeneratorOptions withRate(double value) {
        return new GeneratorOptions(seed, value, duplicateShare, invalidShare, koreanShare, socialShare,
                dailyAmplitude, bursts, backfillRatePerSecond);
    }

    public GeneratorOptions withInvalidShare(double value) {
        return new GeneratorOptions(seed, ratePerSecond, duplicateShare, value, koreanShare, socialShare,
                dailyAmplitude, bursts, backfillRatePerSecond);
    }

    public GeneratorOptions withBursts(List<Burst> value) {
        return new GeneratorOptions(seed, ratePerSecond, duplicateShare, invalidShare, koreanShare, socialShare,
                dailyAmplitude, value, backfillRatePerSecond);
    }

    private static void positive(double value, String name) {
        if (!(value > 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + value);
        }
    }

    private static void share(double value, String name, double max) {
        if (!(value >= 0 && value <= max)) {
            throw new IllegalArgumentException(name + " must be between 0 and " + max + ", got " + value);
        }
    }
}
