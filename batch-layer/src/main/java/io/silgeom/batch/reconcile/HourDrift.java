package io.silgeom.batch.reconcile;

import java.util.Objects;

/**
 * How far the speed view and the batch view disagree on one hour, in one slice.
 *
 * @param hour              {@code yyyyMMddHH} (UTC)
 * @param batchMentions     sum over keywords of the batch view's counts that hour
 * @param speedMentions     the same sum in the speed view
 * @param absDrift          sum over keywords of |speed − batch| (a keyword missing from one side counts 0 there)
 * @param relDrift          {@code absDrift / max(1, batchMentions)}
 * @param keywordsDiffering keywords whose two counts differ
 */
public record HourDrift(String hour, long batchMentions, long speedMentions, long absDrift, double relDrift,
                        int keywordsDiffering) {
    public HourDrift {
        Objects.requireNonNull(hour, "hour");
    }
}
