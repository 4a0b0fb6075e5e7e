package io.silgeom.ingest.collect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits CSV or TSV into records and fields on the bytes, the way commons-csv splits the decoded text with
 * {@link DelimitedRowReader}'s two formats, without decoding the fields nobody asks for. commons-csv stays the
 * definition: this class only reads what it reads the same way, and says {@link #UNSURE} where it would not.
 *
 * <p>The rules it copies (commons-csv's lexer with {@code ignoreEmptyLines}, no escape, no trimming, no comments):
 * <ul>
 *   <li>a record ends at CR, LF or CRLF, or at the end of the input; runs of line ends before a record are skipped
 *       (empty lines), so the input's end right after a line end is no record;</li>
 *   <li>fields are split at the delimiter; a field ending at the input's end after a delimiter is an empty field;</li>
 *   <li>CSV only: a field that <em>starts</em> with {@code "} is quoted: it runs to the next single {@code "},
 *       {@code ""} inside stands for one {@code "}, delimiters and line ends inside are text. After the closing quote
 *       whitespace ({@link Character#isWhitespace}) is skipped up to the delimiter or line end. A {@code "} anywhere
 *       else in a field is text;</li>
 *   <li>a UTF-8 byte order mark at the very start is dropped; malformed UTF-8 becomes U+FFFD as the replacing
 *       decoder makes it. The structural bytes ({@code , " TAB CR LF}) are ASCII and the decoder never takes an ASCII
 *       byte into a malformed sequence, so decoding a field's bytes alone gives the characters the whole stream's
 *       decoding gives;</li>
 *   <li>the line of a record is commons-csv's {@code getCurrentLineNumber() + 1} before reading it: one more than
 *       the line ends (CR, LF not after CR) consumed up to the end of the previous record, those inside quoted
 *       fields included.</li>
 * </ul>
 * {@link #UNSURE}: a quote never closed (commons-csv fails: "EOF reached before encapsulated token finished"), or
 * after a closing quote something other than ASCII whitespace before the delimiter (commons-csv fails, or skips
 * non-ASCII whitespace), or a record longer than {@code maxRecordBytes} (a quote opened by mistake early in a big
 * file would otherwise hold the rest of the file in the buffer before commons-csv reads it again); the caller then
 * reads from that record on with commons-csv itself.
 */
final class DelimitedBytes implements Closeable {
    static final int RECORD = 0;
    static final int END = 1;
    static final int UNSURE = 2;

    private static final int DELIMITER = 0;
    private static final int END_OF_LINE = 1;
    private static final int END_OF_INPUT = 2;
    private static final int NOT_CLOSED = 3;

    private static final byte PLAIN = 0;
    private static final byte QUOTED = 1;
    /** Quoted with {@code ""} inside: each pair stands for one quote. */
    private static final byte DOUBLED = 2;

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte QUOTE = '"';

    private final InputStream in;
    private final byte delimiter;
    private final boolean quoting;
    private final int maxRecordBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    /** Where the current record starts: the buffer keeps the bytes from here on when it is refilled. */
    private int recordStart;
    private int fieldStart;
    private int fields;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private byte[] kinds = new byte[16];
    private byte[] scratch = new byte[256];
    private long lines;
    private long recordLine;
    private long generation;

    /**
     * @param delimiter  {@code ,} or TAB
     * @param quoting    true for CSV ({@code "} quoting), false for TSV (a {@code "} is text)
     * @param bufferSize initial size of the buffer (it grows to hold the longest record); small in tests, to read
     *                   records across refills
     * @param maxRecordBytes a record longer than this is left to commons-csv ({@link #UNSURE})
     */
    DelimitedBytes(InputStream in, char delimiter, boolean quoting, int bufferSize, int maxRecordBytes) {
        if (delimiter >= 0x80 || delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
            throw new IllegalArgumentException("delimiter must be ASCII and not a quote or line end: " + (int) delimiter);
        }
        this.in = in;
        this.delimiter = (byte) delimiter;
        this.quoting = quoting;
        this.buf = new byte[Math.max(8, bufferSize)];
        this.maxRecordBytes = maxRecordBytes;
    }

    /** A record outgrew {@code maxRecordBytes}: thrown by {@link #fill()}, caught by {@link #next()}. */
    private static final class TooLong extends RuntimeException {
        TooLong() {
            super(null, null, false, false);
        }
    }

    /** Moves to the next record: {@link #RECORD}, {@link #END} after the last one, or {@link #UNSURE}. */
    int next() throws IOException {
        try {
            return record();
        } catch (TooLong e) {
            return UNSURE;
        }
    }

    private int record() throws IOException {
        generation++;
        fields = 0;
        recordLine = lines + 1;
        if (!started) {
            started = true;
            if (ensure(3) && (buf[pos] & 0xFF) == 0xEF && (buf[pos + 1] & 0xFF) == 0xBB && (buf[pos + 2] & 0xFF) == 0xBF) {
                pos += 3;
            }
        }
        while (true) {
            recordStart = pos;
            int c = peek();
            if (c < 0) {
                return END;
            }
            if (c != CR && c != LF) {
                break;
            }
            endOfLine();
        }
        while (true) {
            int end = quoting && peek() == QUOTE ? quotedField() : plainField();
            switch (end) {
                case DELIMITER -> {
                    // the next field
                }
                case END_OF_LINE -> {
                    endOfLine();
                    return RECORD;
                }
                case END_OF_INPUT -> {
                    return RECORD;
                }
                default -> {
                    return UNSURE;
                }
            }
        }
    }

    /** commons-csv's line number for the current record (1 = the file's first line). */
    long line() {
        return recordLine;
    }

    /** Counts the records: a row's text is built from the buffer only while it still holds that record. */
    long generation() {
        return generation;
    }

    int fields() {
        return fields;
    }

    /** The {@code i}-th field of the current record, decoded. */
    String field(int i) {
        int from = starts[i];
        int to = ends[i];
        if (from == to) {
            return ""; // an empty column, common in exports: no decoding, no new string
        }
        byte[] b = buf;
        if (kinds[i] == DOUBLED) {
            int n = 0;
            if (scratch.length < to - from) {
                scratch = new byte[Math.max(to - from, scratch.length * 2)];
            }
            for (int k = from; k < to; k++) {
                byte c = buf[k];
                scratch[n++] = c;
                if (c == QUOTE) {
                    k++; // the second of the pair
                }
            }
            b = scratch;
            from = 0;
            to = n;
        }
        return decode(b, from, to);
    }

    /** The buffer holding the current record's bytes (until {@link #next()}). */
    byte[] buffer() {
        return buf;
    }

    /** Where the {@code i}-th field's bytes start in {@link #buffer()} (inside the quotes of a quoted field). */
    int start(int i) {
        return starts[i];
    }

    /** Where they end. */
    int end(int i) {
        return ends[i];
    }

    /** True when the field is quoted with {@code ""} inside (each pair one quote). */
    boolean doubled(int i) {
        return kinds[i] == DOUBLED;
    }

    /** Every field of the current record, decoded. */
    String[] allFields() {
        String[] all = new String[fields];
        for (int i = 0; i < all.length; i++) {
            all[i] = field(i);
        }
        return all;
    }

    private String decode(byte[] b, int from, int to) {
        // The JDK's own decoding is the quickest (an intrinsic for the ASCII runs); for well-formed bytes it gives what
        // the replacing decoder gives. Malformed bytes leave a U+FFFD in it (a test a Latin-1 string answers at once):
        // then the decoder decides, so each malformed sequence becomes exactly the U+FFFDs the stream would have.
        String s = new String(b, from, to - from, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        try {
            return decoder.reset().decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing UTF-8 decoder failed", e); // REPLACE never throws
        }
    }

    /** An unquoted field, from {@code pos} to the delimiter, the line end or the input's end. */
    private int plainField() throws IOException {
        fieldStart = pos;
        int i = pos;
        while (true) {
            byte[] b = buf;
            int n = limit;
            for (; i + 8 <= n; i += 8) {
                long w = (long) LineBytes.LONGS.get(b, i);
                if (LineBytes.hasByte(w, delimiter) || LineBytes.hasByte(w, CR) || LineBytes.hasByte(w, LF)) {
                    break;
                }
            }
            for (; i < n; i++) {
                byte c = b[i];
                if (c == delimiter) {
                    addField(fieldStart, i, PLAIN);
                    pos = i + 1;
                    return DELIMITER;
                }
                if (c == CR || c == LF) {
                    addField(fieldStart, i, PLAIN);
                    pos = i;
                    return END_OF_LINE;
                }
            }
            pos = i;
            if (!fill()) {
                addField(fieldStart, limit, PLAIN);
                return END_OF_INPUT;
            }
            i = pos;
        }
    }

    /** A quoted field: {@code pos} is at its opening quote. */
    private int quotedField() throws IOException {
        pos++;
        fieldStart = pos;
        byte kind = QUOTED;
        int i = pos;
        int closing = -1;
        scan:
        while (true) {
            byte[] b = buf;
            int n = limit;
            for (; i + 8 <= n; i += 8) {
                long w = (long) LineBytes.LONGS.get(b, i);
                if (LineBytes.hasByte(w, QUOTE) || LineBytes.hasByte(w, CR) || LineBytes.hasByte(w, LF)) {
                    break;
                }
            }
            for (; i < n; i++) {
                byte c = b[i];
                if (c == QUOTE) {
                    if (i + 1 == n && !eof) {
                        break; // whether it is doubled: read on
                    }
                    if (i + 1 < n && b[i + 1] == QUOTE) {
                        kind = DOUBLED;
                        i++;
                    } else {
                        closing = i;
                        break scan;
                    }
                } else if (c == CR) {
                    lines++;
                } else if (c == LF && b[i - 1] != CR) {
                    lines++; // b[i - 1] is at least the opening quote
                }
            }
            pos = i;
            if (!fill() && i == limit) {
                return NOT_CLOSED;
            }
            i = pos;
        }
        addField(fieldStart, closing, kind);
        pos = closing + 1;
        while (true) {
            int c = peek();
            if (c == delimiter) {
                pos++;
                return DELIMITER;
            }
            if (c < 0) {
                return END_OF_INPUT;
            }
            if (c == CR || c == LF) {
                return END_OF_LINE;
            }
            if (c == ' ' || c == '\t' || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1F)) {
                pos++; // ASCII whitespace after the closing quote, as Character.isWhitespace has it
                continue;
            }
            return NOT_CLOSED; // commons-csv fails here, or skips a non-ASCII space: it decides
        }
    }

    /** {@code pos} is at CR or LF: consumes CR, LF or CRLF and counts one line. */
    private void endOfLine() throws IOException {
        byte c = buf[pos++];
        lines++;
        if (c == CR && peek() == LF) {
            pos++;
        }
    }

    private void addField(int from, int to, byte kind) {
        if (fields == starts.length) {
            starts = Arrays.copyOf(starts, fields * 2);
            ends = Arrays.copyOf(ends, fields * 2);
            kinds = Arrays.copyOf(kinds, fields * 2);
        }
        starts[fields] = from;
        ends[fields] = to;
        kinds[fields] = kind;
        fields++;
    }

    /** The byte at {@code pos}, or -1 at the end of the input. */
    private int peek() throws IOException {
        if (pos < limit || fill()) {
            return buf[pos] & 0xFF;
        }
        return -1;
    }

    /** True when {@code n} bytes from {@code pos} are in the buffer (false: the input ends before). */
    private boolean ensure(int n) throws IOException {
        while (limit - pos < n) {
            if (!fill()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads more input after {@code limit}, keeping the current record's bytes: moves them to the buffer's start
     * (adjusting every position held) or, when the record fills the buffer, grows it. False at the end of the input.
     */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int keep = recordStart;
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, limit - keep);
            pos -= keep;
            limit -= keep;
            recordStart = 0;
            fieldStart -= keep;
            for (int f = 0; f < fields; f++) {
                starts[f] -= keep;
                ends[f] -= keep;
            }
        } else if (limit == buf.length) {
            if (buf.length >= maxRecordBytes) {
                throw new TooLong();
            }
            buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, Math.max(maxRecordBytes, buf.length)));
        }
        int n;
        do {
            n = in.read(buf, limit, buf.length - limit);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
