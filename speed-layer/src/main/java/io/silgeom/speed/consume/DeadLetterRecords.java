package io.silgeom.speed.consume;

import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns a rejected Kafka record into its dead-letter record: key = the original key (the article id, when
 * the producer set one), value = {@code {reason, receivedAt, topic, partition, offset, raw}}.
 */
final class DeadLetterRecords {
    private DeadLetterRecords() {
    }

    /**
     * @param receivedAt the record's Kafka timestamp, the instant validation judged it against
     */
    static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, Instant receivedAt) {
        Objects.requireNonNull(record, "record");
        byte[] value = record.value() == null ? new byte[0] : record.value();
        // Malformed UTF-8 is replaced, not thrown on: the reason already says why the record was rejected.
        return new DeadLetter(reason, receivedAt, record.topic(), record.partition(), record.offset(),
                new String(value, StandardCharsets.UTF_8));
    }

    static ProducerRecord<byte[], byte[]> toDlq(String dlqTopic, ConsumerRecord<byte[], byte[]> record, String reason,
                                                Instant receivedAt) {
        Objects.requireNonNull(dlqTopic, "dlqTopic");
        return new ProducerRecord<>(dlqTopic, null, record.key(),
                ArticleJson.encodeDeadLetter(deadLetter(record, reason, receivedAt)));
    }
}
