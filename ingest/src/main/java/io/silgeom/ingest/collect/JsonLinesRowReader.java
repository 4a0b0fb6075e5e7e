package io.silgeom.ingest.collect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.json.ArticleBytesWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads one JSON object per line. Nested objects are flattened to dotted names ({@code user.screen_name}) so a
 * field map can reach them; numbers and booleans become their text; arrays and nulls are left out (no article
 * field takes a list). Blank lines are skipped; a line that is not a JSON object becomes a broken row. Malformed
 * UTF-8 becomes U+FFFD.
 *
 * <p>Three ways to read a line, one result. The <em>tree</em> way defines it: decode the line, parse it into a tree,
 * flatten every field. The <em>streaming</em> way is the fast one: parse the line's bytes as they are and keep only
 * the selected columns; {@link FlatJsonLine} is a quicker form of it for flat lines, tried first. It takes only lines where it cannot differ from the tree (well-formed UTF-8 without NUL,
 * starting with <code>{</code>, no selected name nor object on the way to one met twice, no fractional or huge number
 * in a selected field) and hands every other line, broken ones included, to the tree way, so reasons and values stay
 * exactly the same.
 */
final class JsonLinesRowReader extends RowReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory STREAMING = new JsonFactory();
    /** Deeper nesting is not a record layout anyone maps from; it also bounds the work per line. */
    private static final int MAX_DEPTH = 8;

    private final ByteLines lines;
    private final boolean streaming;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private List<String> columns = List.of();
    private Map<String, Integer> columnIndex = Map.of();
    /** Every object path a selected dotted name goes through ({@code user} for {@code user.screen_name}). */
    private Set<String> parents = Set.of();
    // NOTE: a repeated name makes the tree keep the last value where the name first stood, and a repeated object
    // replaces the first one whole. The streaming read does not copy those rules: a line that repeats a name that
    // matters (a selected column or an object on the way to one) goes the tree way. Others' repeats change nothing.
    /** A slot per name that matters: the selected columns, then their parents; for spotting repeats. */
    private Map<String, Integer> watched = Map.of();
    /** The quickest way, for flat lines; null when a selected name is not ASCII. */
    private FlatJsonLine flat;
    /** The columns the flat way leaves as bytes, or null when none is asked for. */
    private FieldBytes fieldBytes;
    private long line;
    private long streamedLines;
    private long flatLines;

    JsonLinesRowReader(CountingInputStream counted, InputStream in) {
        this(counted, in, true);
    }

    /** @param streaming false: every line the tree way (the tests hold the streaming way against it) */
    JsonLinesRowReader(CountingInputStream counted, InputStream in, boolean streaming) {
        super(counted);
        this.lines = new ByteLines(in);
        this.streaming = streaming;
    }

    @Override
    List<String> header() {
        return List.of();
    }

    @Override
    void select(List<String> selected, boolean[] asBytes) {
        columns = List.copyOf(selected);
        Map<String, Integer> index = new HashMap<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            index.putIfAbsent(name, i);
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                paths.add(name.substring(0, dot));
            }
        }
        columnIndex = index;
        parents = paths;
        Map<String, Integer> slots = new HashMap<>(index);
        for (String path : paths) {
            slots.putIfAbsent(path, slots.size());
        }
        watched = slots;
        flat = FlatJsonLine.forColumns(columns, parents);
        fieldBytes = null;
        for (boolean wanted : asBytes) {
            if (wanted && flat != null) {
                fieldBytes = new FieldBytes(columns.size());
                flat.leaveAsBytes(asBytes, fieldBytes);
                break;
            }
        }
    }

    @Override
    SourceRow next() throws IOException {
        while (lines.next()) {
            line++;
            byte[] bytes = lines.buffer();
            int start = lines.start();
            int end = lines.end();
            int flags = LineBytes.scan(bytes, start, end);
            if ((flags & LineBytes.HAS_TEXT) == 0 && decode(bytes, start, end).isBlank()) {
                continue;
            }
            if (line == 1 && startsWithByteOrderMark(bytes, start, end)) {
                start += 3;
            }
            if (streaming && (flags & (LineBytes.MALFORMED | LineBytes.HAS_NUL)) == 0 && start < end && bytes[start] == '{') {
                String[] values = flat != null ? flat.read(bytes, start, end, columns.size()) : null;
                long lastFlat = flatLines;
                if (values != null) {
                    flatLines++;
                } else {
                    values = streamed(bytes, start, end);
                }
                if (values != null) {
                    streamedLines++;
                    int from = start;
                    Supplier<String> rawText = () -> new String(bytes, from, end - from, StandardCharsets.UTF_8);
                    if (fieldBytes != null && flatLines == lastFlat + 1) {
                        long at = line;
                        return SourceRow.withBytes(line, rawText, values, fieldBytes, i -> byteColumn(i, at, bytes, from, end));
                    }
                    return SourceRow.lazy(line, rawText, values);
                }
            }
            return viaTree(decode(bytes, start, end));
        }
        return null;
    }

    /**
     * A column the flat way left as bytes, decoded as the other ways decode it: as it is without an escape, else by
     * the streaming way (or the tree way, which the flat way's lines never need).
     */
    private String byteColumn(int i, long at, byte[] bytes, int start, int end) {
        if (line != at) {
            throw new IllegalStateException("a value of line " + at + " was asked for after the reader moved on");
        }
        if (fieldBytes.escaping(i) == ArticleBytesWriter.UTF8) {
            return new String(bytes, fieldBytes.from(i), fieldBytes.to(i) - fieldBytes.from(i), StandardCharsets.UTF_8);
        }
        String[] values = streamed(bytes, start, end);
        return values != null ? values[i] : viaTree(decode(bytes, start, end)).value(i);
    }

    /** Lines read the streaming way so far, the flat way included (the rest went the tree way). */
    long streamedLines() {
        return streamedLines;
    }

    /** Lines read the flat way ({@link FlatJsonLine}) so far. */
    long flatLines() {
        return flatLines;
    }

    private static boolean startsWithByteOrderMark(byte[] b, int start, int end) {
        return end - start >= 3 && (b[start] & 0xFF) == 0xEF && (b[start + 1] & 0xFF) == 0xBB && (b[start + 2] & 0xFF) == 0xBF;
    }

    /** The line as the decoding reader would give it: malformed bytes become U+FFFD. */
    private String decode(byte[] bytes, int start, int end) {
        try {
            return decoder.reset().decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing UTF-8 decoder failed", e); // REPLACE never throws
        }
    }

    /** The selected values read straight from the bytes, or null when the line must go the tree way. */
    private String[] streamed(byte[] bytes, int start, int end) {
        String[] values = new String[columns.size()];
        try (JsonParser p = STREAMING.createParser(bytes, start, end - start)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            return readObject(p, null, values, new boolean[watched.size()], 0) ? values : null;
        } catch (IOException e) {
            return null; // malformed: the tree way says what the row is
        }
    }

    /** Reads up to the object's end; false when a selected value must come from the tree. */
    private boolean readObject(JsonParser p, String prefix, String[] values, boolean[] seen, int depth)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = prefix == null ? p.currentName() : prefix + p.currentName();
            Integer slot = watched.get(name);
            if (slot != null) {
                if (seen[slot]) {
                    return false;
                }
                seen[slot] = true;
            }
            JsonToken token = p.nextToken();
            switch (token) {
                case START_OBJECT -> {
                    if (depth < MAX_DEPTH && parents.contains(name)) {
                        if (!readObject(p, name + ".", values, seen, depth + 1)) {
                            return false;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case START_ARRAY -> p.skipChildren();
                case VALUE_STRING -> put(values, name, p);
                case VALUE_TRUE, VALUE_FALSE -> put(values, name, p);
                case VALUE_NUMBER_INT -> {
                    Integer i = columnIndex.get(name);
                    if (i != null) {
                        JsonParser.NumberType type = p.getNumberType();
                        if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                            return false;
                        }
                        values[i] = Long.toString(p.getLongValue());
                    }
                }
                case VALUE_NUMBER_FLOAT -> {
                    if (columnIndex.containsKey(name)) {
                        return false; // the tree's rendering of a fraction (double, plain digits) is its own
                    }
                }
                default -> {
                    // VALUE_NULL: left out, like the tree does
                }
            }
        }
        return true;
    }

    private void put(String[] values, String name, JsonParser p) throws IOException {
        Integer i = columnIndex.get(name);
        if (i != null) {
            values[i] = p.getText();
        }
    }

    /** The defining way: a tree, flattened, then the selected columns. */
    private SourceRow viaTree(String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return SourceRow.broken(line, text, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return SourceRow.broken(line, text, "not a JSON object");
        }
        Map<String, String> flat = new HashMap<>();
        flatten("", node, flat, 0);
        String[] values = new String[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = flat.get(columns.get(i));
        }
        return SourceRow.of(line, text, values);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, int depth) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = prefix + e.getKey();
            JsonNode value = e.getValue();
            if (value.isObject() && depth < MAX_DEPTH) {
                flatten(name + ".", value, out, depth + 1);
            } else if (value.isNumber()) {
                // Plain digits, never 1.3513824E9: an epoch time must stay readable as one. A number beyond a
                // double (1e400) is "Infinity", which no field reads, rather than an exception that ends the replay.
                out.put(name, value.isIntegralNumber() ? value.bigIntegerValue().toString()
                        : Double.isFinite(value.doubleValue()) ? value.decimalValue().toPlainString() : value.asText());
            } else if (value.isValueNode() && !value.isNull()) {
                out.put(name, value.asText());
            }
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
