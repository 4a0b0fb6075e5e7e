package io.silgeom.ingest.collect;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads an input file row by row, counting the bytes consumed for progress. */
abstract class RowReader implements Closeable {
    /** The input from its first byte, and the counter of the file's bytes read through it. */
    record Opened(CountingInputStream counted, InputStream in) {
    }

    /** Opens the input from its start, a new stream each time (a reader may have to read it again). */
    @FunctionalInterface
    interface Input {
        Opened open() throws IOException;
    }

    private CountingInputStream counted;

    protected RowReader(CountingInputStream counted) {
        this.counted = counted;
    }

    /** Opens the reader for the file's format. */
    static RowReader open(Path file, InputFormat format) throws IOException {
        Input input = () -> open(file);
        Opened opened = input.open();
        try {
            return switch (format) {
                case JSONL -> new JsonLinesRowReader(opened.counted(), opened.in()); // decodes only where it must
                case CSV, TSV -> new DelimitedRowReader(opened, input, format);
            };
        } catch (IOException | RuntimeException e) {
            opened.in().close();
            throw e;
        }
    }

    private static Opened open(Path file) throws IOException {
        CountingInputStream counted = new CountingInputStream(Files.newInputStream(file));
        try {
            InputStream in = new BufferedInputStream(counted, 1 << 16);
            if (InputFormat.isGzip(file)) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new Opened(counted, in);
        } catch (IOException | RuntimeException e) {
            counted.close();
            throw e;
        }
    }

    /**
     * The text of {@code in} for a character-level parser: UTF-8, malformed bytes as U+FFFD instead of failing the
     * whole replay (the row still maps or dead-letters on its own).
     */
    static Reader decoding(InputStream in) {
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
    }

    /** From now on the bytes read are counted by {@code counter} (the reader opened its input again). */
    protected final void countWith(CountingInputStream counter) {
        this.counted = counter;
    }

    /** Column names from the header, in file order; empty for formats without a header (JSON lines). */
    abstract List<String> header();

    /**
     * Which columns the rows carry from now on: {@link SourceRow#value(int) value(i)} is the value of
     * {@code columns.get(i)}. The others are not even read where the format allows it.
     */
    final void select(List<String> columns) {
        select(columns, new boolean[columns.size()]);
    }

    /**
     * {@link #select(List)}, and the columns ({@code asBytes[i]} true) that rows should carry as bytes
     * ({@link SourceRow#bytes()}) where the reader can, decoding them only when asked: the text columns the mapping
     * writes straight into the record.
     */
    abstract void select(List<String> columns, boolean[] asBytes);

    /** The next row, or null at the end of the input. */
    abstract SourceRow next() throws IOException;

    /** Bytes of the file consumed so far (compressed bytes for a gzip file), for progress. */
    final long bytesRead() {
        return counted.count();
    }
}
