package io.silgeom.ingest.collect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines where {@link java.io.BufferedReader#readLine()} would: at {@code \n}, {@code \r}
 * or {@code \r\n}, the terminator not part of the line, no empty last line after a final terminator. Works on the
 * bytes, without decoding them: in UTF-8 neither terminator byte occurs inside a multi-byte character, so the lines
 * are the same as the decoded text's. The current line is {@code buffer()[start(), end())}, valid until the next
 * {@link #next()}; a line longer than the buffer grows it.
 */
final class ByteLines implements Closeable {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    /** The last line ended with {@code \r} at the end of the buffer: a {@code \n} that follows belongs to it. */
    private boolean skipLineFeed;
    private int start;
    private int end;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** Moves to the next line; false at the end of the input. */
    boolean next() throws IOException {
        if (skipLineFeed) {
            if (pos == limit) {
                fill(pos);
            }
            if (pos < limit && buffer[pos] == '\n') {
                pos++;
            }
            skipLineFeed = false;
        }
        int from = pos;
        int i = pos;
        while (true) {
            byte[] b = buffer;
            int n = limit;
            for (; i + 8 <= n; i += 8) {
                long w = (long) LineBytes.LONGS.get(b, i);
                if (LineBytes.hasByte(w, (byte) '\n') || LineBytes.hasByte(w, (byte) '\r')) {
                    break;
                }
            }
            for (; i < n; i++) {
                byte c = b[i];
                if (c == '\n' || c == '\r') {
                    start = from;
                    end = i;
                    pos = i + 1;
                    if (c == '\r') {
                        if (pos < limit) {
                            if (b[pos] == '\n') {
                                pos++;
                            }
                        } else {
                            skipLineFeed = true;
                        }
                    }
                    return true;
                }
            }
            if (eof) {
                if (from == limit) {
                    pos = limit;
                    return false;
                }
                start = from;
                end = limit;
                pos = limit;
                return true;
            }
            int kept = limit - from;
            fill(from);
            from = 0;
            i = kept;
        }
    }

    /** Keeps {@code [from, limit)} at the start of the buffer (growing it when full) and reads more after it. */
    private void fill(int from) throws IOException {
        int kept = limit - from;
        if (from > 0) {
            System.arraycopy(buffer, from, buffer, 0, kept);
        } else if (kept == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        pos = 0;
        limit = kept;
        int n = in.read(buffer, limit, buffer.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }
}
