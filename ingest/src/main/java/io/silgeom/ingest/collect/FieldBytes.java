package io.silgeom.ingest.collect;

import io.silgeom.core.json.ArticleBytesWriter;
import java.util.Arrays;

/**
 * The selected values of a reader's current row as bytes in its buffer, for the columns the mapping can write
 * straight into the record ({@link RowReader#select(java.util.List, boolean[])}: title and body). Owned by the reader
 * and refilled for each row: valid only until its next {@link RowReader#next()}.
 *
 * <p>Per column, {@link #escaping(int)}: an {@link ArticleBytesWriter} escaping ({@code UTF8}, {@code CSV_DOUBLED},
 * {@code JSON_STRING}) for a string in {@code buffer[from, to)}, {@link #ABSENT} for no value, {@link #NOT_TEXT} for a
 * value that is only available as a string ({@link SourceRow#value}: a number, a boolean, a column not read as bytes).
 */
final class FieldBytes {
    static final int ABSENT = -1;
    static final int NOT_TEXT = -2;

    private byte[] buffer;
    private final int[] from;
    private final int[] to;
    private final int[] escaping;

    FieldBytes(int columns) {
        from = new int[columns];
        to = new int[columns];
        escaping = new int[columns];
    }

    /** A new row in {@code buffer}: every column {@link #NOT_TEXT} until set. */
    void reset(byte[] rowBuffer) {
        buffer = rowBuffer;
        Arrays.fill(escaping, NOT_TEXT);
    }

    void set(int column, int start, int end, int escapingOfColumn) {
        from[column] = start;
        to[column] = end;
        escaping[column] = escapingOfColumn;
    }

    void absent(int column) {
        escaping[column] = ABSENT;
    }

    byte[] buffer() {
        return buffer;
    }

    int from(int column) {
        return from[column];
    }

    int to(int column) {
        return to[column];
    }

    int escaping(int column) {
        return escaping[column];
    }
}
