package io.silgeom.core.view;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * The published batch view: its version and its cutoff {@code T}, published together in one Redis
 * write ({@link io.silgeom.core.redis.RedisKeys#BATCH_CURRENT}) only after the whole view is loaded.
 *
 * <p>{@code cutoff} is exclusive: the run covers every archived article with event time {@code < cutoff}.
 * Hours before it are answered from batch view {@code version}; hours at or after it from the speed view.
 *
 * @param version     batch run version (a sortable token, e.g. {@code 20240501T1000Z-1714557600123})
 * @param cutoff      an hour boundary
 * @param publishedAt when the publish step switched to this version
 * @param offsets     per {@link #partitionKey topic:partition}, the next offset the archive had not yet covered when
 *                    the run started: where a speed-view rebuild starts reading
 */
public record BatchCutoff(String version, Instant cutoff, Instant publishedAt, Map<String, Long> offsets) {
    public BatchCutoff {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(publishedAt, "publishedAt");
        offsets = Map.copyOf(Objects.requireNonNull(offsets, "offsets"));
        if (!cutoff.truncatedTo(ChronoUnit.HOURS).equals(cutoff)) {
            throw new IllegalArgumentException("batch cutoff must be an hour boundary, got: " + cutoff);
        }
    }

    /**
     * The key of one partition in {@link #offsets()}: {@code topic:partition}. The speed view's offsets hash uses the
     * same form ({@link io.silgeom.core.redis.RedisKeys#offsetField}), so a rebuild can start each partition where the
     * batch view's archive stopped by looking the speed layer's own key up in these offsets.
     */
    public static String partitionKey(String topic, int partition) {
        return topic + ":" + partition;
    }
}
