package io.silgeom.batch.archive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One line of the raw archive: the record's JSON object as received, with one extra top-level field
 * {@code "_kafka": {"topic":…, "partition":p, "offset":o, "timestamp":"ISO instant"}} so the batch job can pick the
 * first copy of a duplicate id by offset, exactly as the speed layer does. Lines are compact JSON on one line
 * (newlines inside strings stay escaped), UTF-8.
 *
 * <p>NOTE: the record is re-serialized, not copied byte for byte: a pretty-printed record would otherwise break the
 * one-record-per-line format. Field order, strings and numbers (floats as exact decimals) are kept; insignificant
 * whitespace is not. A {@code "_kafka"} field the producer sent is replaced, so it cannot forge a position.
 */
public final class RawLine {
    public static final String KAFKA_FIELD = "_kafka";

    // Floats as exact decimals, trailing zeros kept: 1.50 stays 1.50.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private RawLine() {
    }

    /**
     * @param recordJson a record the validator accepted (so a JSON object)
     * @return the archive line, without the trailing newline
     */
    public static byte[] encode(byte[] recordJson, KafkaPosition position) throws IOException {
        JsonNode node = MAPPER.readTree(recordJson);
        if (!(node instanceof ObjectNode record)) {
            throw new IOException("a raw line must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        record.remove(KAFKA_FIELD);
        ObjectNode kafka = record.putObject(KAFKA_FIELD);
        kafka.put("topic", position.topic());
        kafka.put("partition", position.partition());
        kafka.put("offset", position.offset());
        kafka.put("timestamp", position.timestamp().toString());
        return MAPPER.writeValueAsBytes(record);
    }

    /**
     * Reads the {@code "_kafka"} field of an archive line.
     *
     * @throws IOException when the line is not JSON or has no complete {@code "_kafka"} field
     */
    public static KafkaPosition position(byte[] line, int length) throws IOException {
        JsonNode root = MAPPER.readTree(line, 0, length);
        JsonNode k = root == null ? null : root.get(KAFKA_FIELD);
        if (k == null || !k.isObject() || !k.path("topic").isTextual() || !k.path("partition").canConvertToInt()
                || !k.path("offset").canConvertToLong() || !k.path("timestamp").isTextual()) {
            throw new IOException("line has no complete " + KAFKA_FIELD + " field");
        }
        try {
            return new KafkaPosition(k.get("topic").asText(), k.get("partition").asInt(), k.get("offset").asLong(),
                    Instant.parse(k.get("timestamp").asText()));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("bad " + KAFKA_FIELD + " field: " + e.getMessage(), e);
        }
    }
}
