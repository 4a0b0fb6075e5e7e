package io.silgeom.serving.merge;

import io.silgeom.core.redis.Slice;
import io.silgeom.core.view.BatchCutoff;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The views one query reads, fixed at its start: the published batch view (absent before the first batch run) and
 * the live speed-view generation. A publish or a speed rebuild during the query does not change them.
 *
 * @param batch           version and cutoff {@code T} of the batch view, or null when no batch view was ever published
 *                        (then every hour comes from the speed view)
 * @param speedGeneration generation of the speed view
 * @param speedLeaves     the leaf slices that generation had written when the query started
 *                        ({@code RedisKeys.speedSlices}): a speed bucket of a slice is the sum of the leaves it covers
 */
public record PublishedViews(BatchCutoff batch, String speedGeneration, List<Slice> speedLeaves) {
    public PublishedViews {
        Objects.requireNonNull(speedGeneration, "speedGeneration");
        speedLeaves = List.copyOf(speedLeaves);   // leaves only: Slice.parseLeaves, and coveredLeaves checks again
    }

    /** Views whose speed generation has written nothing yet. */
    public PublishedViews(BatchCutoff batch, String speedGeneration) {
        this(batch, speedGeneration, List.of());
    }

    public Optional<BatchCutoff> batchCutoff() {
        return Optional.ofNullable(batch);
    }

    /** True when the hour starting at {@code hourStart} is answered by the batch view ({@code hourStart < T}). */
    public boolean batchAnswers(Instant hourStart) {
        // NOTE: T is exclusive: the batch run covers event time < T, so the hour starting at T is the speed view's.
        return batch != null && hourStart.isBefore(batch.cutoff());
    }
}
