package io.silgeom.batch.archive;

import io.silgeom.core.view.BatchCutoff;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a record was read from Kafka; archived with each raw line as its {@code "_kafka"} field.
 *
 * @param timestamp the Kafka record timestamp: the arrival time both the speed layer and the archiver validate with
 */
public record KafkaPosition(String topic, int partition, long offset, Instant timestamp) {
    public KafkaPosition {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestamp, "timestamp");
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("bad Kafka position " + topic + ":" + partition + "@" + offset);
        }
    }

    /** {@code topic:partition}, the form offsets take in {@link BatchCutoff#offsets()}. */
    public String partitionKey() {
        return partitionKey(topic, partition);
    }

    public static String partitionKey(String topic, int partition) {
        return BatchCutoff.partitionKey(topic, partition);
    }
}
