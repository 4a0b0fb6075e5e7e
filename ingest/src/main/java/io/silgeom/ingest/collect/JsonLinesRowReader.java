package io.silgeom.ingest.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON object per line. Nested objects are flattened to dotted names ({@code user.screen_name}) so a
 * field map can reach them; numbers and booleans become their text; arrays and nulls are left out (no article
 * field takes a list). Blank lines are skipped; a line that is not a JSON object becomes a broken row.
 */
final class JsonLinesRowReader extends RowReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Deeper nesting is not a record layout anyone maps from; it also bounds the work per line. */
    private static final int MAX_DEPTH = 8;

    private final BufferedReader reader;
    private long line;

    JsonLinesRowReader(CountingInputStream counted, Reader reader) {
        super(counted);
        this.reader = new BufferedReader(reader, 1 << 16);
    }

    @Override
    List<String> header() {
        return List.of();
    }

    @Override
    SourceRow next() throws IOException {
        String text;
        do {
            text = reader.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        if (line == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return SourceRow.broken(line, text, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return SourceRow.broken(line, text, "not a JSON object");
        }
        Map<String, String> values = new HashMap<>();
        flatten("", node, values, 0);
        return new SourceRow(line, text, values, null);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, int depth) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = prefix + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() && depth < MAX_DEPTH) {
                flatten(name + ".", value, out, depth + 1);
            } else if (value.isNumber()) {
                // Plain digits, never 1.3513824E9: an epoch time must stay readable as one.
                out.put(name, value.isIntegralNumber() ? value.bigIntegerValue().toString()
                        : value.decimalValue().toPlainString());
            } else if (value.isValueNode() && !value.isNull()) {
                out.put(name, value.asText());
            }
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
