package io.silgeom.core.json;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The article encoder behind {@link ArticleJson#encode(Article)}: a compact object, fields in the order of DESIGN.md
 * §3, nulls left out, and the escaping of Jackson's UTF-8 generator, which wrote these bytes before and is kept as the
 * definition in {@code ArticleWriterTest} ({@code \"}, {@code \\}, {@code \b \t \n \f \r}, other controls as
 * {@code \}{@code u00XX}, each UTF-16 surrogate as {@code \}{@code uXXXX}, everything else as UTF-8).
 *
 * <p>Written by hand because every article a collector publishes goes through it, on the sending thread of a replay:
 * the generator cost about 1.7 times this (docs/benchmarks.md, "Replay"). Straight into a per-thread buffer, ASCII
 * text copied in bulk between the chars it escapes (a fifth of the Reuters bodies, half their bytes, have quotes),
 * {@code publishedAt} formatted by hand.
 */
final class ArticleWriter {
    private static final ThreadLocal<ArticleWriter> PER_THREAD = ThreadLocal.withInitial(ArticleWriter::new);
    /** A buffer grown past this by a huge article is not kept for the thread's next one. */
    private static final int KEPT_BUFFER = 1 << 20;
    /**
     * {@code ,"source":"<wire name>"} per source, written once: {@link Source#wireName()} lower-cases the name on each
     * call, and the names are plain ASCII.
     */
    private static final byte[][] SOURCE_FIELDS = Arrays.stream(Source.values())
            .map(s -> (",\"source\":\"" + s.wireName() + "\"").getBytes(StandardCharsets.US_ASCII))
            .toArray(byte[][]::new);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    /** Per ASCII char: 0 = as it is, a letter = that short escape, -1 = {@code \}{@code u00XX}. */
    private static final int[] ESCAPES = new int[128];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ}: the longest instant written by hand. */
    private static final int INSTANT_MAX = 30;

    private static final int DATE_LENGTH = 11;

    private byte[] buf = new byte[4096];
    private int pos;
    /** The epoch day of the last instant written by {@link #instant}, and its {@code yyyy-MM-ddT}. */
    private long lastDay = Long.MIN_VALUE;
    private final byte[] lastDate = new byte[DATE_LENGTH];
    /** The other buffer of {@link ArticleBytesWriter}'s two-part writing: the tail while the head is written. */
    private byte[] spare = new byte[4096];

    ArticleWriter() {
    }

    static byte[] encode(Article article) {
        ArticleWriter writer = PER_THREAD.get();
        byte[] json = writer.write(article);
        if (writer.buf.length > KEPT_BUFFER) {
            writer.buf = new byte[4096];
        }
        return json;
    }

    private byte[] write(Article a) {
        pos = 0;
        head(a.id(), a.source(), a.site(), a.author(), a.lang(), a.publishedAt());
        optional(TITLE, a.title());
        optional(BODY, a.body());
        optional(URL, a.url());
        ensure(1);
        buf[pos++] = '}';
        return Arrays.copyOf(buf, pos);
    }

    static final String TITLE = ",\"title\":";
    static final String BODY = ",\"body\":";
    static final String URL = ",\"url\":";

    /** The fields up to {@code publishedAt}, from {@code pos}. */
    private void head(String id, Source source, String site, String author, String lang, Instant publishedAt) {
        field("{\"id\":", id);
        byte[] sourceField = SOURCE_FIELDS[source.ordinal()];
        ensure(sourceField.length);
        System.arraycopy(sourceField, 0, buf, pos, sourceField.length);
        pos += sourceField.length;
        optional(",\"site\":", site);
        optional(",\"author\":", author);
        optional(",\"lang\":", lang);
        instant(",\"publishedAt\":", publishedAt);
    }

    // ---- Two-part writing for ArticleBytesWriter: the tail (title, body, url) first, from text given as bytes, then
    // the head (id ... publishedAt), so a collector can decide on the row before the event time is final. ----

    /** Starts the tail: title, body and url follow, then {@link #finish}. */
    void startTail() {
        pos = 0;
    }

    /**
     * {@code prefix} then the UTF-8 text {@code b[from, to)} as a JSON string, escaped as {@link #escaped} escapes
     * its chars; false, writing nothing, when the bytes are not well-formed UTF-8 or not well-formed in their
     * {@code escaping}.
     */
    boolean text(String prefix, byte[] b, int from, int to, int escaping) {
        int start = pos;
        ensure(prefix.length() + 2 + (to - from) * 6); // a byte's longest output: a control char's six-byte escape
        ascii(prefix);
        buf[pos++] = '"';
        if (!copyEscaped(b, from, to, escaping)) {
            pos = start;
            return false;
        }
        buf[pos++] = '"';
        return true;
    }

    /** The tail's last field, a text given as a string. */
    void tailText(String prefix, String value) {
        optional(prefix, value);
    }

    /** Writes the head before the tail written since {@link #startTail} and returns the whole record. */
    byte[] finish(String id, Source source, String site, String author, String lang, Instant publishedAt) {
        ensure(1);
        buf[pos++] = '}';
        byte[] tail = buf;
        int tailLength = pos;
        buf = spare;
        spare = tail;
        pos = 0;
        head(id, source, site, author, lang, publishedAt);
        byte[] json = new byte[pos + tailLength];
        System.arraycopy(buf, 0, json, 0, pos);
        System.arraycopy(tail, 0, json, pos, tailLength);
        if (buf.length > KEPT_BUFFER) {
            buf = new byte[4096];
        }
        if (spare.length > KEPT_BUFFER) {
            spare = new byte[4096];
        }
        return json;
    }

    /**
     * Copies UTF-8 text, escaped: plain runs in bulk, ASCII chars to escape as {@link #putChar}, a four-byte
     * sequence as the two surrogate escapes Jackson writes for it; in {@link ArticleBytesWriter#CSV_DOUBLED} a
     * {@code ""} is one quote, in {@link ArticleBytesWriter#JSON_STRING} an escape stands for its char. Room ensured.
     */
    private boolean copyEscaped(byte[] b, int from, int to, int escaping) {
        byte[] out = buf;
        int p = pos;
        int i = from;
        int run = from; // b[run, i) is plain and not copied yet
        while (i < to) {
            if (i + 8 <= to) {
                long w = (long) LONGS.get(b, i);
                long suspects = ((w - ONES * 0x20) & ~w) | hasZero(w ^ (ONES * '"')) | hasZero(w ^ (ONES * '\\')) | w;
                if ((suspects & HIGH_BITS) == 0) {
                    i += 8;
                    continue;
                }
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (ESCAPES[c] == 0) {
                    i++;
                    continue;
                }
                System.arraycopy(b, run, out, p, i - run);
                p += i - run;
                if (c == '\\' && escaping == ArticleBytesWriter.JSON_STRING) {
                    int ch = ArticleBytesWriter.escapedChar(b, i, to);
                    if (ch < 0) {
                        return false;
                    }
                    p = putChar(out, p, (char) ch);
                    i += b[i + 1] == 'u' ? 6 : 2;
                } else if (c == '"' && escaping == ArticleBytesWriter.CSV_DOUBLED) {
                    if (i + 1 >= to || b[i + 1] != '"') {
                        return false; // a lone quote: not the inside of a quoted field
                    }
                    p = putChar(out, p, '"');
                    i += 2;
                } else {
                    p = putChar(out, p, (char) c);
                    i++;
                }
                run = i;
                continue;
            }
            int n = Utf8.sequenceLength(b, i, to);
            if (n == 0) {
                return false;
            }
            if (n == 4) {
                System.arraycopy(b, run, out, p, i - run);
                p += i - run;
                int cp = Utf8.codePoint(b, i, 4);
                p = putChar(out, p, Character.highSurrogate(cp));
                p = putChar(out, p, Character.lowSurrogate(cp));
                run = i + 4;
            }
            i += n;
        }
        System.arraycopy(b, run, out, p, to - run);
        pos = p + to - run;
        return true;
    }

    /** One char as {@link #escaped} writes it; returns the position after it. */
    private static int putChar(byte[] b, int p, char c) {
        if (c < 0x80) {
            int e = ESCAPES[c];
            if (e == 0) {
                b[p++] = (byte) c;
            } else if (e > 0) {
                b[p++] = '\\';
                b[p++] = (byte) e;
            } else {
                b[p++] = '\\';
                b[p++] = 'u';
                b[p++] = '0';
                b[p++] = '0';
                b[p++] = HEX[c >> 4];
                b[p++] = HEX[c & 0xF];
            }
        } else if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else if (!Character.isSurrogate(c)) {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
        } else {
            b[p++] = '\\';
            b[p++] = 'u';
            b[p++] = HEX[c >> 12];
            b[p++] = HEX[(c >> 8) & 0xF];
            b[p++] = HEX[(c >> 4) & 0xF];
            b[p++] = HEX[c & 0xF];
        }
        return p;
    }

    private void optional(String prefix, String value) {
        if (value != null) {
            field(prefix, value);
        }
    }

    /** {@code prefix} (ASCII, no escapes) then {@code value} as a JSON string. */
    private void field(String prefix, String value) {
        int n = value.length();
        ensure(prefix.length() + 2 + n * 6); // a six-byte escape is the longest a char gets
        ascii(prefix);
        buf[pos++] = '"';
        if (!plainAscii(value)) {
            escaped(value);
        }
        buf[pos++] = '"';
    }

    /**
     * Writes an ASCII text: the runs between the chars to escape copied in bulk, each of those escaped as
     * {@link #escaped} would; false, writing nothing, for any other text (a char above 0x7F, a lone surrogate).
     */
    private boolean plainAscii(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8); // a plain copy for a Latin-1 string without high bytes
        int n = bytes.length;
        if (n != value.length()) {
            return false; // not ASCII
        }
        // One byte per char: ASCII, or a lone surrogate the encoder turned into '?'. Look closer at the words with a
        // byte below 0x20, '"', '\' or '?' (all bytes are ASCII here, so the word tricks raise no false alarm).
        int start = pos;
        int from = 0; // bytes[from, k) are plain and not written yet
        for (int i = 0; i < n; i += 8) {
            if (i + 8 <= n) {
                long w = (long) LONGS.get(bytes, i);
                long suspects = ((w - ONES * 0x20) & ~w) | hasZero(w ^ (ONES * '"')) | hasZero(w ^ (ONES * '\\'))
                        | hasZero(w ^ (ONES * '?'));
                if ((suspects & HIGH_BITS) == 0) {
                    continue;
                }
            }
            for (int k = i, end = Math.min(n, i + 8); k < end; k++) {
                byte c = bytes[k];
                if (c == '?') {
                    if (value.charAt(k) != '?') {
                        pos = start; // a lone surrogate: the whole text goes the escaped way
                        return false;
                    }
                } else if (ESCAPES[c] != 0) {
                    System.arraycopy(bytes, from, buf, pos, k - from);
                    pos += k - from;
                    pos = putChar(buf, pos, (char) c);
                    from = k + 1;
                }
            }
        }
        System.arraycopy(bytes, from, buf, pos, n - from);
        pos += n - from;
        return true;
    }

    private static long hasZero(long w) {
        return (w - ONES) & ~w;
    }

    /** Char by char, as Jackson's UTF-8 generator writes it. */
    private void escaped(String s) {
        byte[] b = buf;
        int p = pos;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            p = putChar(b, p, s.charAt(i));
        }
        pos = p;
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    /** {@code text}, ASCII without escapes, into the buffer (room already ensured). */
    private void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            buf[pos++] = (byte) text.charAt(i);
        }
    }

    /** {@code prefix} (ASCII, no escapes) then the instant as {@link Instant#toString()} writes it, quoted. */
    private void instant(String prefix, Instant t) {
        if (!byHand(t)) {
            field(prefix, t.toString());
            return;
        }
        ensure(prefix.length() + 2 + INSTANT_MAX);
        ascii(prefix);
        buf[pos++] = '"';
        long seconds = t.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        if (day != lastDay) {
            putDate(lastDate, 0, LocalDate.ofEpochDay(day)); // most records of a stream share their day with the last
            lastDay = day;
        }
        System.arraycopy(lastDate, 0, buf, pos, DATE_LENGTH);
        pos = putTime(buf, pos + DATE_LENGTH, (int) Math.floorMod(seconds, 86_400), t.getNano());
        buf[pos++] = '"';
    }

    /** {@link Instant#toString()}, through the same code as {@link #instant} where that applies (for the tests). */
    static String instantText(Instant t) {
        if (!byHand(t)) {
            return t.toString();
        }
        byte[] b = new byte[INSTANT_MAX];
        return new String(b, 0, putInstant(b, 0, t), StandardCharsets.US_ASCII);
    }

    /** The years 0-9999 are written by hand; others (a sign, more digits) by Instant itself. */
    private static boolean byHand(Instant t) {
        long seconds = t.getEpochSecond();
        return seconds >= -62_167_219_200L && seconds <= 253_402_300_799L; // 0000-01-01 to 9999-12-31
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss}, then the fraction in groups of three digits as needed, then {@code Z}, into
     * {@code b} from {@code at}; returns the position after it. Straight into the buffer: the date-time objects, the
     * string and its bytes cost more than the rest of a short article.
     */
    private static int putInstant(byte[] b, int at, Instant t) {
        long seconds = t.getEpochSecond();
        putDate(b, at, LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400)));
        return putTime(b, at + DATE_LENGTH, (int) Math.floorMod(seconds, 86_400), t.getNano());
    }

    /** {@code yyyy-MM-ddT} at {@code b[at]}: {@link #DATE_LENGTH} bytes. */
    private static void putDate(byte[] b, int at, LocalDate date) {
        put2(b, at, date.getYear() / 100);
        put2(b, at + 2, date.getYear() % 100);
        b[at + 4] = '-';
        put2(b, at + 5, date.getMonthValue());
        b[at + 7] = '-';
        put2(b, at + 8, date.getDayOfMonth());
        b[at + 10] = 'T';
    }

    /** {@code HH:mm:ss}, the fraction in groups of three digits as needed, {@code Z}; returns the position after it. */
    private static int putTime(byte[] b, int at, int secondOfDay, int nanos) {
        int p = at;
        put2(b, p, secondOfDay / 3600);
        b[p + 2] = ':';
        put2(b, p + 3, secondOfDay / 60 % 60);
        b[p + 5] = ':';
        put2(b, p + 6, secondOfDay % 60);
        p += 8;
        if (nanos != 0) {
            b[p++] = '.';
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            int value = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
            for (int i = digits - 1; i >= 0; i--) {
                b[p + i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            p += digits;
        }
        b[p++] = 'Z';
        return p;
    }

    private static void put2(byte[] b, int at, int v) {
        b[at] = (byte) ('0' + v / 10);
        b[at + 1] = (byte) ('0' + v % 10);
    }
}
