package io.silgeom.core.json;

import io.silgeom.core.article.Source;
import java.time.Instant;

/**
 * Writes an article's JSON, byte for byte what {@link ArticleJson#encode} writes for the same article, with its title
 * and body taken straight from UTF-8 bytes (a file's line buffer) instead of strings: a collector that reads text
 * from bytes need not decode it into a {@code String} only to encode it again (the file replay's reading thread,
 * docs/ingest.md). The tail (title, body, url) is written first, so the collector can still give the row up after
 * looking at its text, then {@link #finish} writes the head (id to publishedAt) and returns the record.
 *
 * <p>Per record: {@link #startTail()}, then {@link #title}, {@link #body} (each at most once, in that order, each
 * optional), then {@link #finish}. A {@code title}/{@code body} call that answers false (bytes that are not
 * well-formed UTF-8, a broken escape) has written nothing; the caller may go on, or give the record up and start
 * the next one. Not thread-safe: one per thread.
 */
public final class ArticleBytesWriter {
    /** The bytes are the text's UTF-8, as they are. */
    public static final int UTF8 = 0;
    /** UTF-8 in which every {@code "} is doubled ({@code ""}), as inside a quoted CSV field. */
    public static final int CSV_DOUBLED = 1;
    /** The inside of a JSON string: UTF-8 with JSON's escapes ({@code \n}, {@code \"}, {@code \}{@code u00e9}, ...). */
    public static final int JSON_STRING = 2;

    /** What {@link #blankness} says of a text. */
    public static final int BLANK = 0;
    public static final int NOT_BLANK = 1;
    public static final int UNKNOWN = 2;

    private final ArticleWriter writer = new ArticleWriter();

    public void startTail() {
        writer.startTail();
    }

    /** The title from {@code b[from, to)} in the given escaping; false (nothing written) when the bytes are not well-formed. */
    public boolean title(byte[] b, int from, int to, int escaping) {
        return writer.text(ArticleWriter.TITLE, b, from, to, escaping);
    }

    /** The body, as {@link #title}. */
    public boolean body(byte[] b, int from, int to, int escaping) {
        return writer.text(ArticleWriter.BODY, b, from, to, escaping);
    }

    /** Writes the head, the url (null: none) and returns the record: {@link ArticleJson#encode}'s bytes. */
    public byte[] finish(String id, Source source, String site, String author, String lang, Instant publishedAt,
                         String url) {
        writer.tailText(ArticleWriter.URL, url);
        return writer.finish(id, source, site, author, lang, publishedAt);
    }

    /**
     * What {@link String#isBlank()} says of the text {@code b[from, to)} once decoded: {@link #BLANK} (only white
     * space, {@link Character#isWhitespace}, or nothing), {@link #NOT_BLANK}, or {@link #UNKNOWN} where it would need
     * more than a look at the bytes (malformed UTF-8 or a broken escape before the first non-space char).
     */
    public static int blankness(byte[] b, int from, int to, int escaping) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                if (c == '\\' && escaping == JSON_STRING) {
                    int escaped = escapedChar(b, i, to);
                    if (escaped < 0) {
                        return UNKNOWN;
                    }
                    if (!Character.isWhitespace(escaped)) {
                        return NOT_BLANK; // a surrogate too: a pair is no white space either
                    }
                    i += b[i + 1] == 'u' ? 6 : 2;
                    continue;
                }
                if (!Character.isWhitespace(c)) {
                    return NOT_BLANK;
                }
                i++;
            } else {
                int n = Utf8.sequenceLength(b, i, to);
                if (n == 0) {
                    return UNKNOWN;
                }
                if (!Character.isWhitespace(Utf8.codePoint(b, i, n))) {
                    return NOT_BLANK;
                }
                i += n;
            }
        }
        return BLANK;
    }

    /** The char of the JSON escape at {@code b[i]} (a backslash), or -1 when it is broken. */
    static int escapedChar(byte[] b, int i, int to) {
        if (i + 1 >= to) {
            return -1;
        }
        return switch (b[i + 1]) {
            case '"', '\\', '/' -> b[i + 1];
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> i + 6 <= to ? hex4(b, i + 2) : -1;
            default -> -1;
        };
    }

    /** Four hex digits as a char, or -1. */
    private static int hex4(byte[] b, int at) {
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }
}
