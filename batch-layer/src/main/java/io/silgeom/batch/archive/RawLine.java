package io.silgeom.batch.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Optional;

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
    private static final byte[] TRAILING_FIELD = ("\"" + KAFKA_FIELD + "\":{").getBytes(StandardCharsets.UTF_8);

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
     * Reads the {@code "_kafka"} field of an archive line. Streams over the line instead of building its tree (the
     * batch job calls this for every archived line): other fields are skipped, though still checked to be JSON. As
     * with a tree, the last {@code "_kafka"} field counts, and so does the last of each of its fields.
     *
     * @throws IOException when the line is not JSON or has no complete {@code "_kafka"} field
     */
    public static KafkaPosition position(byte[] line, int length) throws IOException {
        KafkaFields kafka = null;
        try (JsonParser p = MAPPER.getFactory().createParser(line, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("line has no complete " + KAFKA_FIELD + " field");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isKafka = KAFKA_FIELD.equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isKafka) {
                    kafka = value == JsonToken.START_OBJECT ? KafkaFields.read(p) : null;
                } else {
                    p.skipChildren();
                }
            }
        }
        if (kafka == null || !kafka.complete()) {
            throw new IOException("line has no complete " + KAFKA_FIELD + " field");
        }
        try {
            return new KafkaPosition(kafka.topic, kafka.partition.intValue(), kafka.offset.longValue(),
                    Instant.parse(kafka.timestamp));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IOException("bad " + KAFKA_FIELD + " field: " + e.getMessage(), e);
        }
    }

    /**
     * The position of a line in the layout {@link #encode} writes ({@code "_kafka"} the last field), read from the end
     * of the line without tokenizing the record; empty when the line is not in that layout, and then
     * {@link #position} decides. When present it equals what {@link #position} returns for the line if the line is
     * JSON. NOTE: it does not check that the rest of the line is JSON: a caller must still parse the line (the
     * validator does) before counting it as valid.
     */
    public static Optional<KafkaPosition> trailingPosition(byte[] line, int length) {
        int end = length;
        while (end > 0 && isJsonWhitespace(line[end - 1])) {
            end--;
        }
        if (end < 2 || line[end - 1] != '}') {
            return Optional.empty();
        }
        int field = lastIndexOf(line, end - 1, TRAILING_FIELD);
        if (field < 1) {
            return Optional.empty();
        }
        int objectStart = field + TRAILING_FIELD.length - 1;
        KafkaPosition compact = compactPosition(line, objectStart, end - 1);
        if (compact != null) {
            return Optional.of(compact);
        }
        // Up to the last '}' (the record's): the "_kafka" object must end the record, so anything but the object in
        // this range (a '}' of an enclosing object) means it is not the record's own field.
        try (JsonParser p = MAPPER.getFactory().createParser(line, objectStart, end - 1 - objectStart)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            KafkaFields kafka = KafkaFields.read(p);
            if (p.nextToken() != null || !kafka.complete()) {
                return Optional.empty();
            }
            return Optional.of(new KafkaPosition(kafka.topic, kafka.partition.intValue(), kafka.offset.longValue(),
                    Instant.parse(kafka.timestamp)));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty(); // not the archiver's layout: the full parse decides
        }
    }

    private static final byte[] TOPIC = "{\"topic\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PARTITION = "\",\"partition\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFFSET = ",\"offset\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = ",\"timestamp\":\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * The {@code "_kafka"} object in {@code line[start, end)} read byte by byte, when it is exactly what {@link #encode}
     * writes (Jackson's compact form, fields in its order, a printable ASCII topic without escapes, plain decimal
     * numbers, a timestamp as {@link Instant#toString} writes it); null for anything else, which the JSON parser then
     * reads. Same result as the parser where it answers, without a parser, decimal numbers or a date-time parse per
     * line (about two microseconds of a map task's line).
     */
    private static KafkaPosition compactPosition(byte[] line, int start, int end) {
        int p = expect(line, start, end, TOPIC);
        if (p < 0) {
            return null;
        }
        int topicStart = p;
        while (p < end && line[p] != '"') {
            if (line[p] < 0x20 || line[p] > 0x7e || line[p] == '\\') {
                return null;
            }
            p++;
        }
        int topicEnd = p;
        p = expect(line, p, end, PARTITION);
        long partition = p < 0 ? -1 : digits(line, p, end, 10);
        if (partition < 0 || partition > Integer.MAX_VALUE) {
            return null;
        }
        p = expect(line, p + decimalLength(partition), end, OFFSET);
        long offset = p < 0 ? -1 : digits(line, p, end, 18);
        if (offset < 0) {
            return null;
        }
        p = expect(line, p + decimalLength(offset), end, TIMESTAMP);
        if (p < 0 || end - p < 22 || line[end - 1] != '}' || line[end - 2] != '"') {
            return null;
        }
        Instant timestamp = isoInstant(line, p, end - 2);
        if (timestamp == null) {
            return null;
        }
        return new KafkaPosition(new String(line, topicStart, topicEnd - topicStart, StandardCharsets.US_ASCII),
                (int) partition, offset, timestamp);
    }

    /** The position after {@code token} if {@code line[p, end)} starts with it, else -1. */
    private static int expect(byte[] line, int p, int end, byte[] token) {
        if (p < 0 || end - p < token.length) {
            return -1;
        }
        for (int i = 0; i < token.length; i++) {
            if (line[p + i] != token[i]) {
                return -1;
            }
        }
        return p + token.length;
    }

    /** A JSON integer of at most {@code maxDigits} digits (no sign, no leading zero) at {@code p}, else -1. */
    private static long digits(byte[] line, int p, int end, int maxDigits) {
        long n = 0;
        int i = p;
        while (i < end && line[i] >= '0' && line[i] <= '9') {
            if (i - p == maxDigits) {
                return -1;
            }
            n = n * 10 + (line[i] - '0');
            i++;
        }
        if (i == p || (line[p] == '0' && i - p > 1) || i == end || line[i] == '.' || line[i] == 'e' || line[i] == 'E') {
            return -1;
        }
        return n;
    }

    private static int decimalLength(long n) {
        int length = 1;
        while (n >= 10) {
            n /= 10;
            length++;
        }
        return length;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (what {@link Instant#toString} writes for years 1000 to 9999) in
     * {@code line[p, end)}, as {@link Instant#parse} reads it; null for any other form (a leap second among them).
     */
    private static Instant isoInstant(byte[] line, int p, int end) {
        if (line[p + 4] != '-' || line[p + 7] != '-' || line[p + 10] != 'T' || line[p + 13] != ':' || line[p + 16] != ':'
                || line[end - 1] != 'Z') {
            return null;
        }
        int year = fixed(line, p, 4);
        int month = fixed(line, p + 5, 2);
        int day = fixed(line, p + 8, 2);
        int hour = fixed(line, p + 11, 2);
        int minute = fixed(line, p + 14, 2);
        int second = fixed(line, p + 17, 2);
        if (year < 1000 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        int q = p + 19;
        if (q < end - 1) {
            if (line[q] != '.' || end - 1 - (q + 1) < 1 || end - 1 - (q + 1) > 9) {
                return null;
            }
            int fraction = fixed(line, q + 1, end - 1 - (q + 1));
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = end - 1 - (q + 1); i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** {@code length} decimal digits at {@code p}, else -1. */
    private static int fixed(byte[] line, int p, int length) {
        int n = 0;
        for (int i = p; i < p + length; i++) {
            if (line[i] < '0' || line[i] > '9') {
                return -1;
            }
            n = n * 10 + (line[i] - '0');
        }
        return n;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private static int lastIndexOf(byte[] bytes, int end, byte[] pattern) {
        for (int i = end - pattern.length; i >= 0; i--) {
            int j = 0;
            while (j < pattern.length && bytes[i + j] == pattern[j]) {
                j++;
            }
            if (j == pattern.length) {
                return i;
            }
        }
        return -1;
    }

    /** The fields of a {@code "_kafka"} object; null where absent or of the wrong type. */
    private static final class KafkaFields {
        private static final BigDecimal MIN_INT = BigDecimal.valueOf(Integer.MIN_VALUE);
        private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);
        private static final BigDecimal MIN_LONG = BigDecimal.valueOf(Long.MIN_VALUE);
        private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

        String topic;
        BigDecimal partition;
        BigDecimal offset;
        String timestamp;

        /** Reads from the object's START_OBJECT to its END_OBJECT. */
        static KafkaFields read(JsonParser p) throws IOException {
            KafkaFields f = new KafkaFields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                String text = value == JsonToken.VALUE_STRING ? p.getText() : null;
                BigDecimal number = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT
                        ? p.getDecimalValue() : null;
                p.skipChildren();
                switch (name) {
                    case "topic" -> f.topic = text;
                    case "partition" -> f.partition = within(number, MIN_INT, MAX_INT);
                    case "offset" -> f.offset = within(number, MIN_LONG, MAX_LONG);
                    case "timestamp" -> f.timestamp = text;
                    default -> { } // other fields are not part of the position
                }
            }
            return f;
        }

        /** What a JSON tree's {@code canConvertToInt/Long} accepts: a number within range (a fraction truncates). */
        private static BigDecimal within(BigDecimal n, BigDecimal min, BigDecimal max) {
            return n != null && n.compareTo(min) >= 0 && n.compareTo(max) <= 0 ? n : null;
        }

        boolean complete() {
            return topic != null && partition != null && offset != null && timestamp != null;
        }
    }
}
