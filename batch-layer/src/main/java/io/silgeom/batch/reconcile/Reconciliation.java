package io.silgeom.batch.reconcile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Result of one reconciliation: the speed view against a newly published batch view, hour by hour, over the hours
 * both hold ({@link Reconciler}). Written into the batch report ({@link ReconciliationJson}) and so into
 * {@code sg:status:batch}.
 *
 * @param batchVersion    the batch view compared
 * @param speedGeneration the speed view's generation compared ({@code sg:speed:current})
 * @param slice           the slice compared, {@code all:all}
 * @param from            first hour considered (inclusive)
 * @param to              end of the hours considered (exclusive): the batch cutoff
 * @param hours           one entry per hour both views hold, oldest first
 * @param minMentions     hours whose batch and speed counts are both below this are listed but not judged
 * @param maxDrift        the threshold ({@code batch.reconcile.max.drift})
 * @param maxRelDrift     largest {@link HourDrift#relDrift()} among the judged hours, 0 when none
 * @param hoursOverMax    judged hours with {@code relDrift > maxDrift}
 * @param ok              {@code hoursOverMax} is empty
 */
public record Reconciliation(String batchVersion, String speedGeneration, String slice, Instant from, Instant to,
                             List<HourDrift> hours, long minMentions, double maxDrift, double maxRelDrift,
                             List<String> hoursOverMax, boolean ok) {
    public Reconciliation {
        Objects.requireNonNull(batchVersion, "batchVersion");
        Objects.requireNonNull(speedGeneration, "speedGeneration");
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        hours = List.copyOf(hours);
        hoursOverMax = List.copyOf(hoursOverMax);
    }

    /** Hours both views hold and that were judged (at least {@code minMentions} on one side). */
    public long hoursJudged() {
        return hours.stream().filter(h -> judged(h, minMentions)).count();
    }

    static boolean judged(HourDrift h, long minMentions) {
        return h.batchMentions() >= minMentions || h.speedMentions() >= minMentions;
    }
}
