package io.silgeom.batch.job;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link BaselinesJob} run computed; also the facts of {@code sg:b:<version>:base:meta}.
 *
 * @param days             days of history the baselines average over (at most {@code batch.baseline.days}; fewer
 *                         when the archive starts later)
 * @param from             first day of that history (UTC), empty when there is none
 * @param to               last day of that history (the day of the hour before the cutoff), empty when none
 * @param keys             (keyword, lang, source) triples written, roll-up slices included
 * @param keysBelowMinimum triples left out for having fewer than {@code batch.baseline.min.mentions} in the window
 * @param rows             lines written (one per triple and covered hour of day)
 */
public record BaselineSummary(int days, Optional<LocalDate> from, Optional<LocalDate> to, long keys,
                              long keysBelowMinimum, long rows) {
    public BaselineSummary {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
