package io.silgeom.ingest.collect;

import io.silgeom.core.json.ArticleBytesWriter;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV (RFC 4180) or TSV (TAB-split, no quoting) with a header row.
 *
 * <p>commons-csv defines what a row is, with the two formats below. It reads a character at a time, which made it
 * most of a CSV replay's reading thread, so the rows are read from the bytes by {@link DelimitedBytes}, which splits
 * them as commons-csv does and decodes only the selected fields. Where it is not sure to read as commons-csv does
 * (a quote never closed, text after a closing quote: commons-csv fails there; a record past 64 MB), the reader opens
 * the input again, lets commons-csv read past the rows already given and reads the rest with commons-csv: the
 * failure, its message and every row after are then commons-csv's own. {@code DelimitedBytesTest} holds the two ways to the same rows.
 */
final class DelimitedRowReader extends RowReader {
    // NOTE: allowMissingColumnNames because real exports start with an unnamed index column
    // (e.g. pandas' to_csv); empty lines are not records.
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .get();
    // NOTE: quote disabled: in a TSV a '"' is text. Reuters titles such as  BANKAMERICA <BAC> "EQUITY"  would
    // otherwise open a quoted field that swallows the following rows.
    private static final CSVFormat TSV = CSVFormat.DEFAULT.builder()
            .setDelimiter('\t')
            .setQuote(null)
            .setEscape(null)
            .setIgnoreSurroundingSpaces(false)
            .setTrim(false)
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .get();
    private static final char BYTE_ORDER_MARK = '\uFEFF';
    private static final int BUFFER_SIZE = 1 << 16;
    /** No real row comes near it; past it a quote opened by mistake is left to commons-csv. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private final InputFormat format;
    private final Input input;
    private final List<String> header;
    /** The fast way; null once commons-csv reads (from the start, or after an {@link DelimitedBytes#UNSURE}). */
    private DelimitedBytes bytes;
    private CSVParser parser;
    private Iterator<CSVRecord> records;
    /** Rows given so far (the header not counted): commons-csv skips them when it takes over. */
    private long rows;
    /** For each selected column, its first position in the header (the first of two same-named columns wins). */
    private int[] selected = new int[0];
    /** Per selected column, true when rows carry it as bytes (the fast way only). */
    private boolean[] asBytes = new boolean[0];
    private FieldBytes fieldBytes;

    DelimitedRowReader(Opened opened, Input input, InputFormat format) throws IOException {
        this(opened, input, format, true, BUFFER_SIZE, MAX_RECORD_BYTES);
    }

    /**
     * @param fast       false: commons-csv reads every row (the tests hold the fast way against it)
     * @param bufferSize the fast way's initial buffer (small in tests, so rows cross refills)
     * @param maxRecordBytes a longer record is read by commons-csv
     */
    DelimitedRowReader(Opened opened, Input input, InputFormat format, boolean fast, int bufferSize,
                       int maxRecordBytes) throws IOException {
        super(opened.counted());
        this.format = format;
        this.input = input;
        if (!fast) {
            startCommonsCsv(opened);
            this.header = List.copyOf(parser.getHeaderNames());
            return;
        }
        bytes = new DelimitedBytes(opened.in(), format == InputFormat.TSV ? '\t' : ',', format != InputFormat.TSV,
                bufferSize, maxRecordBytes);
        int step = bytes.next();
        if (step == DelimitedBytes.UNSURE) {
            this.header = takeOver(); // commons-csv fails on this header, or reads it its own way
        } else {
            this.header = step == DelimitedBytes.END ? List.of() : List.of(bytes.allFields());
        }
    }

    @Override
    List<String> header() {
        return header;
    }

    @Override
    void select(List<String> columns, boolean[] bytesWanted) {
        int[] positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = header.indexOf(columns.get(i));
        }
        selected = positions;
        asBytes = bytesWanted.clone();
        fieldBytes = new FieldBytes(positions.length);
    }

    @Override
    SourceRow next() throws IOException {
        if (bytes != null) {
            int step = bytes.next();
            if (step == DelimitedBytes.RECORD) {
                rows++;
                return fromBytes();
            }
            if (step == DelimitedBytes.END) {
                return null;
            }
            takeOver();
        }
        return fromCommonsCsv();
    }

    private SourceRow fromBytes() {
        DelimitedBytes b = bytes;
        if (b.fields() != header.size()) {
            return SourceRow.broken(b.line(), render(b.allFields()), "row has " + b.fields() + " fields, the header has "
                    + header.size());
        }
        String[] values = new String[selected.length];
        FieldBytes view = fieldBytes;
        view.reset(b.buffer());
        boolean anyBytes = false;
        for (int i = 0; i < values.length; i++) {
            int column = selected[i];
            if (column < 0) {
                view.absent(i);
            } else if (asBytes[i]) {
                view.set(i, b.start(column), b.end(column),
                        b.doubled(column) ? ArticleBytesWriter.CSV_DOUBLED : ArticleBytesWriter.UTF8);
                anyBytes = true;
            } else {
                values[i] = b.field(column);
            }
        }
        long generation = b.generation();
        Supplier<String> rawText = () -> {
            checkCurrent(b, generation);
            return render(b.allFields());
        };
        if (!anyBytes) {
            return SourceRow.lazy(b.line(), rawText, values);
        }
        int[] columns = selected;
        return SourceRow.withBytes(b.line(), rawText, values, view, i -> {
            checkCurrent(b, generation);
            return b.field(columns[i]);
        });
    }

    private static void checkCurrent(DelimitedBytes b, long generation) {
        if (b.generation() != generation) {
            throw new IllegalStateException("the row's text was asked for after the reader moved on");
        }
    }

    private SourceRow fromCommonsCsv() throws IOException {
        // The parser has consumed the lines up to the end of the previous record: this one starts on the next.
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
            if (!records.hasNext()) {
                return null;
            }
            record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException(format + " line " + line + ": " + cause.getMessage(), cause);
        }
        String[] fields = record.values();
        if (fields.length != header.size()) {
            return SourceRow.broken(line, render(fields), "row has " + fields.length + " fields, the header has "
                    + header.size());
        }
        String[] values = new String[selected.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = selected[i] < 0 ? null : fields[selected[i]];
        }
        return SourceRow.lazy(line, () -> render(fields), values);
    }

    /**
     * Hands the reading to commons-csv: the input opened again from its start, the header and the rows given so far
     * read past. Returns the header commons-csv read.
     */
    private List<String> takeOver() throws IOException {
        bytes.close();
        bytes = null;
        startCommonsCsv(input.open());
        for (long skipped = 0; skipped < rows; skipped++) {
            fromCommonsCsv(); // the rows the fast way gave, read once more to get past them
        }
        return List.copyOf(parser.getHeaderNames());
    }

    private void startCommonsCsv(Opened opened) throws IOException {
        countWith(opened.counted());
        try {
            parser = CSVParser.parse(withoutByteOrderMark(decoding(opened.in())), format == InputFormat.TSV ? TSV : CSV);
        } catch (IOException | RuntimeException e) {
            opened.in().close();
            throw e;
        }
        records = parser.iterator();
    }

    /** The row printed again in its format, for the dead-letter topic. */
    private String render(String[] fields) {
        if (format == InputFormat.TSV) {
            return String.join("\t", fields);
        }
        StringBuilder sb = new StringBuilder();
        try {
            CSVFormat.RFC4180.printRecord(sb, (Object[]) fields);
        } catch (IOException e) {
            throw new UncheckedIOException("a StringBuilder does not fail", e);
        }
        // printRecord ends the record with CRLF; the dead letter holds the row alone.
        sb.setLength(Math.max(0, sb.length() - 2));
        return sb.toString();
    }

    private static Reader withoutByteOrderMark(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first >= 0 && first != BYTE_ORDER_MARK) {
            in.unread(first);
        }
        return in;
    }

    /** True while the rows come from the bytes (false once commons-csv has taken over, or always read). */
    boolean readsBytes() {
        return bytes != null;
    }

    @Override
    public void close() throws IOException {
        if (bytes != null) {
            bytes.close();
        }
        if (parser != null) {
            parser.close();
        }
    }
}
