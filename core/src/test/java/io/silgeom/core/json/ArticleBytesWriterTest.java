package io.silgeom.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ArticleBytesWriter} writes {@link ArticleJson#encode}'s bytes for the article whose title and body are the
 * texts its bytes stand for, in each escaping; it refuses malformed bytes; {@link ArticleBytesWriter#blankness}
 * agrees with {@link String#isBlank()}.
 */
class ArticleBytesWriterTest {
    private static final String ALPHABET;

    static {
        StringBuilder chars = new StringBuilder("aZ09 \"\\/<>&?\u007f\u0080\u00a0\u00e9\u00ff\u07ff\u0800\u2028\u2029"
                + "\u3000\u2003\u1680\u0085\ufeff\ufffd한글😀𝄞");
        for (char c = 0; c < 0x20; c++) {
            chars.append(c);
        }
        ALPHABET = chars.toString();
    }

    private final ArticleBytesWriter writer = new ArticleBytesWriter();

    @Test
    void writesWhatEncodeWritesForTextGivenAsBytesInEachEscaping() {
        Random random = new Random(31);
        for (int n = 0; n < 30_000; n++) {
            String title = random.nextInt(5) == 0 ? null : text(random);
            String body = random.nextInt(5) == 0 ? null : text(random);
            Article a = new Article("id-" + n, random.nextBoolean() ? Source.NEWS : Source.SOCIAL,
                    random.nextBoolean() ? null : "site", random.nextBoolean() ? null : "a\"u", random.nextBoolean()
                    ? null : "en", Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(3) * 1_000_000),
                    title, body, random.nextBoolean() ? null : "https://x/" + n);
            int escaping = random.nextInt(3);
            writer.startTail();
            if (title != null) {
                byte[] t = bytes(title, escaping, random);
                assertThat(writer.title(t, 0, t.length, escaping)).as("title %s", title).isTrue();
            }
            if (body != null) {
                byte[] b = bytes(body, escaping, random);
                // an offset into a larger array, as a line buffer gives it
                byte[] padded = new byte[b.length + 10];
                System.arraycopy(b, 0, padded, 5, b.length);
                assertThat(writer.body(padded, 5, 5 + b.length, escaping)).isTrue();
            }
            byte[] json = writer.finish(a.id(), a.source(), a.site(), a.author(), a.lang(), a.publishedAt(), a.url());
            assertThat(new String(json, StandardCharsets.UTF_8)).as("escaping %d", escaping)
                    .isEqualTo(ArticleJson.encodeToString(a));
            assertThat(json).isEqualTo(ArticleJson.encode(a));
        }
    }

    @Test
    void loneSurrogatesFromJsonEscapesAreWrittenAsEncodeWritesThem() {
        String title = "x\ud800y\udc00z\udbff";
        writer.startTail();
        byte[] t = "x\\ud800y\\uDC00z\\udbff".getBytes(StandardCharsets.US_ASCII);
        assertThat(writer.title(t, 0, t.length, ArticleBytesWriter.JSON_STRING)).isTrue();
        Instant at = Instant.parse("2024-05-01T00:00:00Z");
        assertThat(writer.finish("i", Source.NEWS, null, null, null, at, null))
                .isEqualTo(ArticleJson.encode(new Article("i", Source.NEWS, null, null, null, at, title, null, null)));
    }

    @Test
    void refusesMalformedBytesWritingNothing() {
        Instant at = Instant.parse("2024-05-01T00:00:00Z");
        byte[][] malformed = {
            {'a', (byte) 0xC3, '(', 'b'}, {(byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {'o', 'k', (byte) 0xE2, (byte) 0x82}, {(byte) 0x80},
        };
        for (byte[] bad : malformed) {
            for (int escaping = 0; escaping < 3; escaping++) {
                writer.startTail();
                assertThat(writer.title(bad, 0, bad.length, escaping)).isFalse();
                byte[] ok = "fine".getBytes(StandardCharsets.US_ASCII);
                assertThat(writer.body(ok, 0, ok.length, escaping)).isTrue();
                assertThat(writer.finish("i", Source.NEWS, null, null, null, at, null)).isEqualTo(ArticleJson.encode(
                        new Article("i", Source.NEWS, null, null, null, at, null, "fine", null)));
            }
        }
        byte[][] badEscapes = {"a\\".getBytes(StandardCharsets.US_ASCII), "\\x".getBytes(StandardCharsets.US_ASCII),
            "\\u12".getBytes(StandardCharsets.US_ASCII), "\\u12g4".getBytes(StandardCharsets.US_ASCII)};
        for (byte[] bad : badEscapes) {
            writer.startTail();
            assertThat(writer.title(bad, 0, bad.length, ArticleBytesWriter.JSON_STRING)).isFalse();
        }
        byte[] loneQuote = "a\"b".getBytes(StandardCharsets.US_ASCII);
        writer.startTail();
        assertThat(writer.title(loneQuote, 0, loneQuote.length, ArticleBytesWriter.CSV_DOUBLED)).isFalse();
    }

    @Test
    void blanknessAgreesWithIsBlank() {
        Random random = new Random(37);
        String spaces = " \t\n\u000b\f\r\u001c\u001f\u00a0\u0085\u1680\u2000\u2007\u2028\u202f\u205f\u3000\ufeffa한";
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(6); k > 0; k--) {
                s.append(spaces.charAt(random.nextInt(spaces.length() - (random.nextBoolean() ? 2 : 0))));
            }
            String text = s.toString();
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            int said = ArticleBytesWriter.blankness(b, 0, b.length, ArticleBytesWriter.UTF8);
            assertThat(said).as("%s", text.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(text.isBlank() ? ArticleBytesWriter.BLANK : ArticleBytesWriter.NOT_BLANK);
            // JSON: the same answer without escapes and with them (any mix, as in the encoding test)
            assertThat(ArticleBytesWriter.blankness(b, 0, b.length, ArticleBytesWriter.JSON_STRING)).isEqualTo(said);
            byte[] json = bytes(text, ArticleBytesWriter.JSON_STRING, random);
            assertThat(ArticleBytesWriter.blankness(json, 0, json.length, ArticleBytesWriter.JSON_STRING))
                    .as("%s", new String(json, StandardCharsets.UTF_8)).isEqualTo(said);
        }
        byte[] broken = " \\u00".getBytes(StandardCharsets.US_ASCII);
        assertThat(ArticleBytesWriter.blankness(broken, 0, broken.length, ArticleBytesWriter.JSON_STRING))
                .isEqualTo(ArticleBytesWriter.UNKNOWN);
        byte[] malformed = {' ', (byte) 0xFF, 'x'};
        assertThat(ArticleBytesWriter.blankness(malformed, 0, 3, ArticleBytesWriter.UTF8)).isEqualTo(ArticleBytesWriter.UNKNOWN);
    }

    @Test
    void sequenceLengthIsWhatTheDecoderCallsWellFormed() throws Exception {
        Random random = new Random(41);
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[1 + random.nextInt(4)];
            random.nextBytes(b);
            b[0] |= (byte) 0x80;
            int length = Utf8.sequenceLength(b, 0, b.length);
            boolean wellFormed;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(b, 0, Math.max(1, length)));
                wellFormed = length > 0;
            } catch (CharacterCodingException e) {
                wellFormed = false;
            }
            assertThat(length > 0).as("%s", hex(b)).isEqualTo(wellFormed);
            if (length == 0) {
                // then no prefix of the bytes is one char either
                for (int k = 2; k <= b.length; k++) {
                    String s = new String(b, 0, k, StandardCharsets.UTF_8);
                    assertThat(s.codePointCount(0, s.length()) == 1 && s.codePointAt(0) != 0xFFFD)
                            .as("%s", hex(b)).isFalse();
                }
            }
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format(Locale.ROOT, "%02X ", x & 0xFF));
        }
        return s.toString();
    }

    private static String text(Random random) {
        StringBuilder s = new StringBuilder();
        int runs = random.nextInt(8);
        for (int r = 0; r < runs; r++) {
            s.append("plain text run of some length ", 0, random.nextInt(30));
            int cp = ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                    random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    /** The text's bytes in the escaping: JSON with a random mix of escapes a writer may choose. */
    private static byte[] bytes(String text, int escaping, Random random) {
        if (escaping == ArticleBytesWriter.UTF8) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (escaping == ArticleBytesWriter.CSV_DOUBLED) {
            return text.replace("\"", "\"\"").getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder();
        boolean escapeLow = false; // the two halves of a pair: both escaped or neither (a half alone is no UTF-8)
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean mustEscape = c == '"' || c == '\\' || c < 0x20;
            boolean choose = Character.isLowSurrogate(c) ? escapeLow : random.nextInt(10) == 0;
            escapeLow = Character.isHighSurrogate(c) && choose;
            if (mustEscape || choose) {
                switch (random.nextInt(3)) {
                    case 0 -> s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    case 1 -> s.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    default -> s.append(switch (c) {
                        case '"' -> "\\\"";
                        case '\\' -> "\\\\";
                        case '/' -> "\\/";
                        case '\b' -> "\\b";
                        case '\f' -> "\\f";
                        case '\n' -> "\\n";
                        case '\r' -> "\\r";
                        case '\t' -> "\\t";
                        default -> String.format(Locale.ROOT, "\\u%04x", (int) c);
                    });
                }
            } else {
                s.append(c);
            }
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
