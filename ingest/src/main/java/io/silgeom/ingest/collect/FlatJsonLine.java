package io.silgeom.ingest.collect;

import io.silgeom.core.json.ArticleBytesWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The quickest of the JSON-lines reader's ways, for the lines nearly every file is made of: one flat object whose
 * selected values are plain strings, integers, booleans or nulls. It checks the whole line against the JSON grammar as
 * Jackson applies it (strings with their escapes and without raw control characters, numbers without leading zeros,
 * literals, nesting, commas) and takes the selected values straight from the bytes. Anything it is not sure to read
 * as the tree way does (an escape it does not decode, a nested object on the way to a selected name, a fraction or a
 * long number in a selected field, a selected name twice, very long strings or deep nesting, anything malformed)
 * makes it answer null, and the reader tries the next way. The bytes must be well-formed UTF-8 without NUL.
 */
final class FlatJsonLine {
    /** Beyond these the parser's own limits (string length, nesting) might apply: left to it. */
    private static final int MAX_STRING_BYTES = 1 << 20;
    private static final int MAX_NAME_BYTES = 1000;
    private static final int MAX_DEPTH = 64;

    private final byte[][] names;
    private final int[] columnOf;
    private final boolean[] parent;
    /** Per column, true when a string value is left as bytes in {@link #view} (null: every value as a string). */
    private boolean[] asBytes;
    private FieldBytes view;
    private byte[] b;
    private int end;
    private int p;
    /** The last string {@link #skipString} passed had an escape. */
    private boolean escaped;

    /**
     * @param columns the selected columns; @param parents the object paths selected dotted names go through
     * @return null when a name is not ASCII (then this way is never taken)
     */
    static FlatJsonLine forColumns(List<String> columns, Set<String> parents) {
        int n = columns.size() + parents.size();
        byte[][] names = new byte[n][];
        int[] columnOf = new int[n];
        boolean[] parent = new boolean[n];
        int i = 0;
        for (int c = 0; c < columns.size(); c++, i++) {
            names[i] = columns.get(c).getBytes(StandardCharsets.UTF_8);
            columnOf[i] = columns.indexOf(columns.get(c));
        }
        for (String path : parents) {
            names[i] = path.getBytes(StandardCharsets.UTF_8);
            columnOf[i] = -1;
            parent[i++] = true;
        }
        for (byte[] name : names) {
            if (name.length != new String(name, StandardCharsets.UTF_8).length()) {
                return null;
            }
        }
        return new FlatJsonLine(names, columnOf, parent);
    }

    private FlatJsonLine(byte[][] names, int[] columnOf, boolean[] parent) {
        this.names = names;
        this.columnOf = columnOf;
        this.parent = parent;
    }

    /**
     * From now on the string values of the columns {@code bytesWanted[i]} are not decoded but left in {@code into}
     * (escapes and all: {@code JSON_STRING} where the value has one); {@link #read} leaves their slot null.
     */
    void leaveAsBytes(boolean[] bytesWanted, FieldBytes into) {
        asBytes = bytesWanted.clone();
        view = into;
    }

    /** The selected values of the line {@code bytes[start, end)}, which starts with '{'; or null (see above). */
    String[] read(byte[] bytes, int start, int lineEnd, int columnCount) {
        b = bytes;
        end = lineEnd;
        p = start + 1;
        if (view != null) {
            view.reset(bytes);
            for (int i = 0; i < columnCount; i++) {
                if (asBytes[i]) {
                    view.absent(i); // until the line gives it a value
                }
            }
        }
        String[] values = new String[columnCount];
        boolean[] seen = new boolean[names.length];
        try {
            skipSpace();
            if (peek() == '}') {
                return values;
            }
            while (true) {
                if (peek() != '"') {
                    return null;
                }
                int nameStart = p + 1;
                if (!skipString(MAX_NAME_BYTES)) {
                    return null;
                }
                int slot = slotOf(nameStart, p - 1);
                skipSpace();
                if (next() != ':') {
                    return null;
                }
                skipSpace();
                if (slot >= 0) {
                    if (seen[slot] || parent[slot] && peek() == '{') {
                        return null; // a repeat, or an object to flatten: the other ways know how
                    }
                    seen[slot] = true;
                }
                int column = slot >= 0 ? columnOf[slot] : -1;
                if (!value(column, values, 0)) {
                    return null;
                }
                skipSpace();
                byte c = next();
                if (c == '}') {
                    return values; // what follows the object is ignored, as the tree way ignores it
                }
                if (c != ',') {
                    return null;
                }
                skipSpace();
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return null; // the line ended inside the object
        }
    }

    private int slotOf(int from, int to) {
        int length = to - from;
        for (int i = 0; i < names.length; i++) {
            byte[] name = names[i];
            if (name.length == length && Arrays.equals(b, from, to, name, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** Reads one value; for a selected column ({@code column >= 0}) keeps its text as the tree way would. */
    private boolean value(int column, String[] values, int depth) {
        byte c = peek();
        switch (c) {
            case '"' -> {
                int from = p + 1;
                if (!skipString(MAX_STRING_BYTES)) {
                    return false;
                }
                if (column >= 0) {
                    if (asBytes != null && asBytes[column]) {
                        view.set(column, from, p - 1, escaped ? ArticleBytesWriter.JSON_STRING : ArticleBytesWriter.UTF8);
                        return true;
                    }
                    if (escaped) {
                        return false; // escapes are the parser's to decode
                    }
                    values[column] = new String(b, from, p - 1 - from, StandardCharsets.UTF_8);
                }
                return true;
            }
            case '{', '[' -> {
                return column < 0 && skipContainer(depth);
            }
            case 't' -> {
                return literal("true", column, values);
            }
            case 'f' -> {
                return literal("false", column, values);
            }
            case 'n' -> {
                return literal("null", -1, values); // a null is left out
            }
            default -> {
                int from = p;
                if (!skipNumber()) {
                    return false;
                }
                if (column >= 0) {
                    // Only short integers: the tree's rendering of fractions and big numbers is its own.
                    int digits = p - from - (b[from] == '-' ? 1 : 0);
                    for (int i = from; i < p; i++) {
                        if (b[i] == '.' || b[i] == 'e' || b[i] == 'E') {
                            return false;
                        }
                    }
                    if (digits > 18) {
                        return false;
                    }
                    values[column] = Long.toString(Long.parseLong(new String(b, from, p - from, StandardCharsets.US_ASCII)));
                    notText(column);
                }
                return true;
            }
        }
    }

    private boolean literal(String word, int column, String[] values) {
        for (int i = 0; i < word.length(); i++) {
            if (next() != word.charAt(i)) {
                return false;
            }
        }
        if (p < end && !isDelimiter(b[p])) {
            return false; // "truex"
        }
        if (column >= 0) {
            values[column] = word;
            notText(column);
        }
        return true;
    }

    /** A column left as bytes got a value that is not a string: it is in {@code values}. */
    private void notText(int column) {
        if (asBytes != null && asBytes[column]) {
            view.set(column, 0, 0, FieldBytes.NOT_TEXT);
        }
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t';
    }

    /** Skips an object or array, checking its grammar; selected names inside do not matter (no parent is skipped). */
    private boolean skipContainer(int depth) {
        if (depth >= MAX_DEPTH) {
            return false;
        }
        boolean object = next() == '{';
        byte close = (byte) (object ? '}' : ']');
        skipSpace();
        if (peek() == close) {
            p++;
            return true;
        }
        while (true) {
            if (object) {
                if (peek() != '"' || !skipString(MAX_NAME_BYTES)) {
                    return false;
                }
                skipSpace();
                if (next() != ':') {
                    return false;
                }
                skipSpace();
            }
            if (!value(-1, null, depth + 1)) {
                return false;
            }
            skipSpace();
            byte c = next();
            if (c == close) {
                return true;
            }
            if (c != ',') {
                return false;
            }
            skipSpace();
        }
    }

    /**
     * Moves past a string starting at {@code p} (the quote); false at a raw control character, a bad escape or more
     * than {@code max} bytes.
     */
    private boolean skipString(int max) {
        int from = ++p;
        escaped = false;
        while (true) {
            // Eight bytes at a time while none is a quote, a backslash or a control character (UTF-8 bytes of other
            // characters are all 0x80 and above, and pass).
            while (p + 8 <= end) {
                long w = (long) LineBytes.LONGS.get(b, p);
                if (LineBytes.hasByte(w, (byte) '"') || LineBytes.hasByte(w, (byte) '\\') || hasByteBelowSpace(w)) {
                    break;
                }
                p += 8;
            }
            byte c = next();
            if (c == '"') {
                return p - from <= max;
            }
            if (c >= 0 && c < 0x20) {
                return false;
            }
            if (c == '\\') {
                escaped = true;
                byte e = next();
                if (e == 'u') {
                    for (int i = 0; i < 4; i++) {
                        if (Character.digit(next(), 16) < 0) {
                            return false;
                        }
                    }
                } else if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r'
                        && e != 't') {
                    return false;
                }
            }
        }
    }

    /** True when a byte of {@code w} is below 0x20 (exact as a yes/no, whatever the other bytes are). */
    private static boolean hasByteBelowSpace(long w) {
        return ((w - 0x2020202020202020L) & ~w & 0x8080808080808080L) != 0;
    }

    /** JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, at most 100 characters. */
    private boolean skipNumber() {
        int from = p;
        if (peek() == '-') {
            p++;
        }
        if (peek() == '0') {
            p++;
        } else if (digits() == 0) {
            return false;
        }
        if (p < end && b[p] == '.') {
            p++;
            if (digits() == 0) {
                return false;
            }
        }
        if (p < end && (b[p] == 'e' || b[p] == 'E')) {
            p++;
            if (p < end && (b[p] == '+' || b[p] == '-')) {
                p++;
            }
            if (digits() == 0) {
                return false;
            }
        }
        return p - from <= 100 && (p == end || isDelimiter(b[p]));
    }

    private int digits() {
        int from = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            p++;
        }
        return p - from;
    }

    private void skipSpace() {
        while (p < end && (b[p] == ' ' || b[p] == '\t')) {
            p++;
        }
    }

    private byte peek() {
        if (p >= end) {
            throw new ArrayIndexOutOfBoundsException(p);
        }
        return b[p];
    }

    private byte next() {
        byte c = peek();
        p++;
        return c;
    }
}
