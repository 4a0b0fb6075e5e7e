package io.silgeom.core.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.silgeom.core.article.Article;
import io.silgeom.core.validation.DeadLetter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON codec of the article record (DESIGN.md §3) and of the dead-letter record.
 *
 * <p>An article is written as one compact UTF-8 object, fields in the order of the table in DESIGN.md §3
 * ({@code id, source, site, author, lang, publishedAt, title, body, url}); null fields are left out;
 * {@code publishedAt} is {@link Instant#toString()} (UTC, {@code Z}). Reading an article goes through
 * {@link io.silgeom.core.validation.ArticleValidator}, never straight from JSON to {@link Article}: every
 * layer must reject the same records for the same reasons.
 */
public final class ArticleJson {
    // NOTE: duplicate field names are rejected by the parser: {"id":"a","id":"b"} has no single meaning,
    // and a tree would silently keep the last one.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final ObjectReader TREE_READER = MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ArticleJson() {
    }

    /**
     * The article as one compact UTF-8 JSON object (see above). Hand-written ({@link ArticleWriter}) with the bytes
     * Jackson's generator wrote: every collector's article goes through here.
     */
    public static byte[] encode(Article article) {
        return ArticleWriter.encode(article);
    }

    public static String encodeToString(Article article) {
        return new String(encode(article), StandardCharsets.UTF_8);
    }

    /**
     * Parses one JSON value, strictly: trailing content after the value and duplicate field names are
     * errors. The validator's single parse of a record; the caller checks that the value is an object.
     *
     * @throws IOException when the bytes are not one well-formed JSON value (the message says where)
     */
    public static JsonNode decodeTree(byte[] json) throws IOException {
        return TREE_READER.readTree(json);
    }

    /** Encodes a dead letter as one JSON object (the DLQ record value): {@code {reason, receivedAt, topic, partition, offset, raw}}. */
    public static byte[] encodeDeadLetter(DeadLetter deadLetter) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + deadLetter.raw().length() * 3);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("reason", deadLetter.reason());
            g.writeStringField("receivedAt", deadLetter.receivedAt().toString());
            writeIfPresent(g, "topic", deadLetter.topic());
            g.writeNumberField("partition", deadLetter.partition());
            g.writeNumberField("offset", deadLetter.offset());
            g.writeStringField("raw", deadLetter.raw());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode dead letter", e);
        }
        return out.toByteArray();
    }

    /**
     * Inverse of {@link #encodeDeadLetter(DeadLetter)}. A missing {@code topic} reads as null, a missing
     * {@code partition} or {@code offset} as -1 (the record never reached Kafka).
     *
     * @throws IllegalArgumentException when the bytes are not a dead-letter record
     */
    public static DeadLetter decodeDeadLetter(byte[] json) {
        JsonNode root;
        try {
            root = decodeTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a dead-letter record: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a dead-letter record: expected a JSON object");
        }
        try {
            return new DeadLetter(requiredText(root, "reason"), Instant.parse(requiredText(root, "receivedAt")),
                    optionalText(root, "topic"), Math.toIntExact(optionalLong(root, "partition")), optionalLong(root, "offset"),
                    requiredText(root, "raw"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a dead-letter record: receivedAt: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not a dead-letter record: partition out of range", e);
        }
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("not a dead-letter record: " + field + " missing or not a string");
        }
        return n.textValue();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("not a dead-letter record: " + field + " is not a string");
        }
        return n.textValue();
    }

    private static long optionalLong(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return -1;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException("not a dead-letter record: " + field + " is not an integer");
        }
        return n.longValue();
    }
}
