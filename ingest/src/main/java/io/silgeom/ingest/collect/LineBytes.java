package io.silgeom.ingest.collect;

import io.silgeom.core.json.Utf8;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What one scan over a line's bytes tells the JSON-lines reader before it decodes anything: whether the bytes are
 * well-formed UTF-8 ({@link Utf8}: exactly the sequences the JDK's decoder accepts), whether a byte is NUL, and
 * whether an ASCII character other than whitespace occurs.
 */
final class LineBytes {
    static final int MALFORMED = 1;
    static final int HAS_NUL = 2;
    /** An ASCII character that {@link Character#isWhitespace(char)} rejects: the line is not blank. */
    static final int HAS_TEXT = 4;

    private static final boolean[] ASCII_WHITESPACE = new boolean[128];
    /** Eight bytes at a time: the scan costs a fraction of what parsing the line does. */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;

    static {
        for (char c = 0; c < 128; c++) {
            ASCII_WHITESPACE[c] = Character.isWhitespace(c);
        }
    }

    private LineBytes() {
    }

    /** True when one of the eight bytes of {@code w} is zero (no false positives). */
    static boolean hasZeroByte(long w) {
        return ((w - ONES) & ~w & HIGH_BITS) != 0;
    }

    /** True when one of the eight bytes of {@code w} equals {@code b}. */
    static boolean hasByte(long w, byte b) {
        return hasZeroByte(w ^ (ONES * (b & 0xFF)));
    }

    /** The flags above for {@code bytes[from, to)}; scanning stops at the first malformed sequence. */
    static int scan(byte[] bytes, int from, int to) {
        int flags = 0;
        int i = from;
        while (i < to) {
            if ((flags & HAS_TEXT) != 0) {
                // Not blank: only non-ASCII and NUL bytes still matter; skip words of plain ASCII.
                while (i + 8 <= to) {
                    long w = (long) LONGS.get(bytes, i);
                    if ((w & HIGH_BITS) != 0 || hasZeroByte(w)) {
                        break;
                    }
                    i += 8;
                }
                if (i == to) {
                    break;
                }
            }
            int c = bytes[i];
            if (c >= 0) {
                if (c == 0) {
                    flags |= HAS_NUL | HAS_TEXT;
                } else if (!ASCII_WHITESPACE[c]) {
                    flags |= HAS_TEXT;
                }
                i++;
                continue;
            }
            int length = Utf8.sequenceLength(bytes, i, to);
            if (length == 0) {
                return flags | MALFORMED;
            }
            i += length;
        }
        return flags;
    }
}
