package io.silgeom.ingest.collect;

import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One input record before mapping: the values of the columns the mapping asked for ({@link RowReader#select}), in
 * the order it asked for them.
 *
 * <p>{@link #raw()} is the record's text for the dead-letter topic: a JSON line as it is; a CSV/TSV row printed
 * again in its format (same fields, quoting normalised). It is built on demand, because most rows never need it,
 * and only until the reader's next {@link RowReader#next()} (it may read the reader's line buffer).
 *
 * <p>A row of the fast readers also carries its text columns as bytes ({@link #bytes()}): the mapping writes them
 * straight into the record, and their strings are decoded only if {@link #value} asks for them (then as the reader
 * would have decoded them), again only until the reader moves on.
 */
final class SourceRow {
    private static final String[] NONE = new String[0];

    private final long line;
    private final String[] values;
    private final String problem;
    private Supplier<String> rawText;
    private String raw;
    private FieldBytes bytes;
    private IntFunction<String> decode;

    /**
     * @param line    physical line number where the record starts (1 = first line of the file, the header)
     * @param values  value of each selected column, null where the row has none; nested JSON fields are reached by
     *                dotted names ({@code user.screen_name})
     * @param problem why the record could not even be split into columns (malformed JSON, wrong number of fields),
     *                or null
     */
    private SourceRow(long line, Supplier<String> rawText, String raw, String[] values, String problem) {
        this.line = line;
        this.rawText = rawText;
        this.raw = raw;
        this.values = Objects.requireNonNull(values, "values");
        this.problem = problem;
    }

    static SourceRow of(long line, String raw, String[] values) {
        return new SourceRow(line, null, Objects.requireNonNull(raw, "raw"), values, null);
    }

    /** A row whose text is built only if asked for, before the reader moves on. */
    static SourceRow lazy(long line, Supplier<String> rawText, String[] values) {
        return new SourceRow(line, Objects.requireNonNull(rawText, "rawText"), null, values, null);
    }

    /**
     * A row whose columns with a string in {@code bytes} are decoded by {@code decode} only when asked for
     * ({@code values} holds the others).
     */
    static SourceRow withBytes(long line, Supplier<String> rawText, String[] values, FieldBytes bytes,
                               IntFunction<String> decode) {
        SourceRow row = lazy(line, rawText, values);
        row.bytes = Objects.requireNonNull(bytes, "bytes");
        row.decode = Objects.requireNonNull(decode, "decode");
        return row;
    }

    static SourceRow broken(long line, String raw, String problem) {
        return new SourceRow(line, null, Objects.requireNonNull(raw, "raw"), NONE,
                Objects.requireNonNull(problem, "problem"));
    }

    long line() {
        return line;
    }

    String raw() {
        if (raw == null) {
            raw = rawText.get();
            rawText = null;
        }
        return raw;
    }

    /** The value of the {@code index}-th selected column, or null. */
    String value(int index) {
        if (index >= values.length) {
            return null;
        }
        String v = values[index];
        if (v == null && bytes != null && bytes.escaping(index) >= 0) {
            v = decode.apply(index);
            values[index] = v;
        }
        return v;
    }

    /** The text columns as bytes (valid until the reader moves on), or null when the row has them only as strings. */
    FieldBytes bytes() {
        return bytes;
    }

    String problem() {
        return problem;
    }
}
