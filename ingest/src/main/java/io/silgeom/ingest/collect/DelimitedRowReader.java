package io.silgeom.ingest.collect;

import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads CSV (RFC 4180) or TSV (TAB-split, no quoting) with a header row, through commons-csv. */
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

    private final InputFormat format;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    /** For each selected column, its first position in the header (the first of two same-named columns wins). */
    private int[] selected = new int[0];

    DelimitedRowReader(CountingInputStream counted, Reader reader, InputFormat format) throws IOException {
        super(counted);
        this.format = format;
        this.parser = CSVParser.parse(withoutByteOrderMark(reader), format == InputFormat.TSV ? TSV : CSV);
        this.records = parser.iterator();
        this.header = List.copyOf(parser.getHeaderNames());
    }

    @Override
    List<String> header() {
        return header;
    }

    @Override
    void select(List<String> columns) {
        int[] positions = new int[columns.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = header.indexOf(columns.get(i));
        }
        selected = positions;
    }

    @Override
    SourceRow next() throws IOException {
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

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
