package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterRecordsTest {
    private static final Instant RECEIVED = Instant.parse("2024-05-01T10:17:42.123Z");

    @Test
    void aDeadLetterCarriesTheReasonWhereTheRecordWasAndTheRecordAsReceived() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("silgeom.articles", 3, 1234L,
                bytes("a1"), bytes("{\"id\":\"a1\",\"source\":\"tv\"}"));

        DeadLetter letter = DeadLetterRecords.deadLetter(record, "source: must be news or social, got: tv", RECEIVED);

        assertThat(letter).isEqualTo(new DeadLetter("source: must be news or social, got: tv", RECEIVED,
                "silgeom.articles", 3, 1234L, "{\"id\":\"a1\",\"source\":\"tv\"}"));
    }

    @Test
    void bytesThatAreNotUtf8AndEmptyValuesAreKeptAsFarAsTheyCanBe() {
        ConsumerRecord<byte[], byte[]> broken = new ConsumerRecord<>("silgeom.articles", 0, 1L, null, new byte[] {'{', (byte) 0xC3, '}'});
        ConsumerRecord<byte[], byte[]> tombstone = new ConsumerRecord<>("silgeom.articles", 0, 2L, bytes("a2"), null);

        assertThat(DeadLetterRecords.deadLetter(broken, "not UTF-8", RECEIVED).raw()).isEqualTo("{\uFFFD}");
        assertThat(DeadLetterRecords.deadLetter(tombstone, "empty record", RECEIVED).raw()).isEmpty();
    }

    @Test
    void theDlqRecordKeepsTheOriginalKeyAndHoldsTheDeadLetterAsJson() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("silgeom.articles", 3, 1234L, bytes("a1"), bytes("{}"));

        ProducerRecord<byte[], byte[]> out = DeadLetterRecords.toDlq("silgeom.articles.dlq", record, "id: missing", RECEIVED);

        assertThat(out.topic()).isEqualTo("silgeom.articles.dlq");
        assertThat(out.key()).isEqualTo(bytes("a1"));
        assertThat(ArticleJson.decodeDeadLetter(out.value()))
                .isEqualTo(new DeadLetter("id: missing", RECEIVED, "silgeom.articles", 3, 1234L, "{}"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
