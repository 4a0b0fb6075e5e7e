package io.silgeom.core.json;

/**
 * Well-formed UTF-8, as the JDK's decoder defines it (Unicode's table 3-7), byte by byte: for readers that look at
 * bytes before, or instead of, decoding them. One definition for every such reader, so that they never disagree
 * with each other or with {@code new String(bytes, UTF_8)} on what is malformed.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of the well-formed UTF-8 sequence of a non-ASCII char at {@code b[i]} (2 to 4), or 0 when it is
     * malformed or cut by {@code to} (the JDK's decoder would put a U+FFFD there): Unicode's table 3-7, so no
     * overlong form, no surrogate, nothing above U+10FFFF.
     */
    public static int sequenceLength(byte[] b, int i, int to) {
        int c = b[i] & 0xFF;
        if (c >= 0xC2 && c <= 0xDF) {
            return i + 1 < to && continuation(b[i + 1]) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= to) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            int low = c == 0xE0 ? 0xA0 : 0x80;
            int high = c == 0xED ? 0x9F : 0xBF;
            return c1 >= low && c1 <= high && continuation(b[i + 2]) ? 3 : 0;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= to) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            int low = c == 0xF0 ? 0x90 : 0x80;
            int high = c == 0xF4 ? 0x8F : 0xBF;
            return c1 >= low && c1 <= high && continuation(b[i + 2]) && continuation(b[i + 3]) ? 4 : 0;
        }
        return 0;
    }

    private static boolean continuation(byte c) {
        return (c & 0xC0) == 0x80;
    }

    /** The code point of the well-formed {@code n}-byte sequence at {@code b[i]}. */
    public static int codePoint(byte[] b, int i, int n) {
        return switch (n) {
            case 2 -> (b[i] & 0x1F) << 6 | (b[i + 1] & 0x3F);
            case 3 -> (b[i] & 0x0F) << 12 | (b[i + 1] & 0x3F) << 6 | (b[i + 2] & 0x3F);
            default -> (b[i] & 0x07) << 18 | (b[i + 1] & 0x3F) << 12 | (b[i + 2] & 0x3F) << 6 | (b[i + 3] & 0x3F);
        };
    }
}
