package io.silgeom.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silgeom.core.view.BatchCutoff;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON form of {@link BatchCutoff} as stored under {@code sg:batch:current}:
 * {@code {"version":"…","cutoff":"2024-05-01T10:00:00Z","publishedAt":"…","offsets":{"silgeom.articles:0":123}}}.
 */
public final class BatchCutoffJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BatchCutoffJson() {
    }

    public static String encode(BatchCutoff c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", c.version());
        root.put("cutoff", c.cutoff().toString());
        root.put("publishedAt", c.publishedAt().toString());
        ObjectNode offsets = root.putObject("offsets");
        new TreeMap<>(c.offsets()).forEach(offsets::put);
        return root.toString();
    }

    public static BatchCutoff decode(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            Map<String, Long> offsets = new TreeMap<>();
            JsonNode o = root.path("offsets");
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                offsets.put(e.getKey(), e.getValue().asLong());
            }
            return new BatchCutoff(text(root, "version"), Instant.parse(text(root, "cutoff")),
                    Instant.parse(text(root, "publishedAt")), offsets);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a batch cutoff record: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("missing field " + field);
        }
        return n.asText();
    }
}
