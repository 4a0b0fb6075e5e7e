package io.silgeom.ingest.collect;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * One input record before mapping: the values of the columns the mapping asked for ({@link RowReader#select}), in
 * the order it asked for them.
 *
 * <p>{@link #raw()} is the record's text for the dead-letter topic: a JSON line as it is; a CSV/TSV row printed
 * again in its format (same fields, quoting normalised). It is built on demand, because most rows never need it,
 * and only until the reader's next {@link RowReader#next()} (it may read the reader's line buffer).
 */
final class SourceRow {
    private static final String[] NONE = new String[0];

    private final long line;
    private final String[] values;
    private final String problem;
    private Supplier<String> rawText;
    private String raw;

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
        return index < values.length ? values[index] : null;
    }

    String problem() {
        return problem;
    }
}
