package io.silgeom.core.validation;

import java.time.Instant;
import java.util.Objects;

/**
 * An invalid record as it goes to the dead-letter topic (and to the batch layer's quarantine):
 * {@code {reason, receivedAt, topic, partition, offset, raw}}. {@code raw} is the record as received,
 * decoded as UTF-8 (malformed bytes replaced), so nothing about the rejected record is lost.
 *
 * @param partition -1 and offset -1 when the record never reached Kafka (rejected at the edge)
 */
public record DeadLetter(String reason, Instant receivedAt, String topic, int partition, long offset, String raw) {
    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(raw, "raw");
    }
}
