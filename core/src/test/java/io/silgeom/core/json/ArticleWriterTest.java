package io.silgeom.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ArticleJson#encode} writes the bytes Jackson's UTF-8 generator wrote for an article (the definition, kept
 * here as {@link #viaJackson}), whatever the article: escapes, controls, surrogates paired or alone, non-ASCII text,
 * long ASCII runs, instants of any year and precision.
 */
class ArticleWriterTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    @Test
    void writesTheSameBytesAsJacksonForRandomArticles() {
        Random random = new Random(17);
        StringBuilder chars = new StringBuilder("aZ09 \"\\/<>&?\u007f\u0080\u00e9\u00ff\u07ff\u0800\u2028\u2029\ufffd한😀");
        for (char c = 0; c < 0x20; c++) {
            chars.append(c);
        }
        String alphabet = chars.toString();
        for (int n = 0; n < 20_000; n++) {
            Article a = new Article(text(random, alphabet, 1), random.nextBoolean() ? Source.NEWS : Source.SOCIAL,
                    maybe(random, alphabet), maybe(random, alphabet), maybe(random, alphabet), instant(random),
                    maybe(random, alphabet), maybe(random, alphabet), maybe(random, alphabet));
            assertThat(new String(ArticleJson.encode(a), StandardCharsets.UTF_8)).as("article %s", a)
                    .isEqualTo(new String(viaJackson(a), StandardCharsets.UTF_8));
            assertThat(ArticleJson.encode(a)).isEqualTo(viaJackson(a));
        }
    }

    @Test
    void asciiTextsWithCharsToEscapeAreWrittenAsJacksonWritesThem() {
        // ASCII only, so every text takes the bulk way, with the chars it escapes between plain runs of any length
        // (within and across the eight-byte steps); one in ten gets a lone surrogate somewhere, after escapes
        // already written, which sends the whole text the char-by-char way.
        Random random = new Random(23);
        StringBuilder chars = new StringBuilder("aZ09 \"\\/<>&?\u007f");
        for (char c = 0; c < 0x20; c++) {
            chars.append(c);
        }
        String escapes = chars.toString();
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int run = random.nextInt(12); run >= 0; run--) {
                text.append("plain ascii run plain ascii run plain ascii run ", 0, random.nextInt(40));
                text.append(escapes.charAt(random.nextInt(escapes.length())));
            }
            if (random.nextInt(10) == 0) {
                text.insert(random.nextInt(text.length() + 1), random.nextBoolean() ? '\ud83d' : '\ude00');
            }
            Article a = new Article("id-" + n, Source.NEWS, null, null, "en", Instant.EPOCH, text.toString(),
                    random.nextBoolean() ? text.reverse().toString() : null, null);
            assertThat(new String(ArticleJson.encode(a), StandardCharsets.UTF_8)).as("article %s", a)
                    .isEqualTo(new String(viaJackson(a), StandardCharsets.UTF_8));
            assertThat(ArticleJson.encode(a)).isEqualTo(viaJackson(a));
        }
    }

    @Test
    void aHugeArticleIsWrittenWholeAndTheNextOneStillRight() {
        Article huge = new Article("big", Source.NEWS, null, null, null, Instant.EPOCH, "t", "é\"".repeat(1_000_000), null);
        Article small = new Article("small", Source.SOCIAL, null, null, "en", Instant.EPOCH, "t", "b", null);

        assertThat(ArticleJson.encode(huge)).isEqualTo(viaJackson(huge));
        assertThat(ArticleJson.encode(small)).isEqualTo(viaJackson(small));
    }

    @Test
    void writesInstantsAsInstantToStringDoes() {
        Random random = new Random(3);
        for (int n = 0; n < 200_000; n++) {
            Instant t = instant(random);
            assertThat(ArticleWriter.instantText(t)).isEqualTo(t.toString());
        }
        for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z")}) {
            assertThat(ArticleWriter.instantText(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void instantsOnTheDayOfTheLastOneOrAnotherAreWrittenAsInstantToStringDoes() {
        // The writer keeps the date of the last instant it wrote: runs of one day, steps to the next day and back,
        // midnight on either side, and years far apart, one after the other on one thread.
        Random random = new Random(5);
        Instant t = Instant.parse("2012-10-28T23:59:58Z");
        for (int n = 0; n < 50_000; n++) {
            t = switch (random.nextInt(6)) {
                case 0 -> t.plusSeconds(random.nextInt(3));
                case 1 -> t.minusSeconds(random.nextInt(3));
                case 2 -> t.plusNanos(random.nextInt(1_000_000_000));
                case 3 -> t.plusSeconds(86_400L * (random.nextInt(3) - 1));
                case 4 -> Instant.ofEpochSecond(t.getEpochSecond() / 86_400 * 86_400 - random.nextInt(2));
                default -> random.nextInt(50) == 0 ? instant(random) : t;
            };
            Article a = new Article("x", Source.NEWS, null, null, null, t, "t", null, null);
            assertThat(ArticleJson.encodeToString(a)).as("%s", t).contains("\"publishedAt\":\"" + t + "\"");
        }
    }

    @Test
    void surrogatesPairedOrAloneAreWrittenAsJacksonWritesThem() {
        for (String title : new String[] {"lone \ud83d high", "lone \ude00 low", "pair \ud83d\ude00", "\ude00\ud83d reversed",
                "?", "a?b", "end \ud83d", "\"quoted\"\n and then \ud83d lone", "tab\there? \\ \ude00"}) {
            Article a = new Article("x", Source.NEWS, null, null, null, Instant.EPOCH, title, null, null);
            assertThat(ArticleJson.encode(a)).as(title).isEqualTo(viaJackson(a));
        }
    }

    /** What ArticleJson.encode was before it was written by hand: the definition of its bytes. */
    private static byte[] viaJackson(Article article) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("id", article.id());
            g.writeStringField("source", article.source().wireName());
            writeIfPresent(g, "site", article.site());
            writeIfPresent(g, "author", article.author());
            writeIfPresent(g, "lang", article.lang());
            g.writeStringField("publishedAt", article.publishedAt().toString());
            writeIfPresent(g, "title", article.title());
            writeIfPresent(g, "body", article.body());
            writeIfPresent(g, "url", article.url());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeIfPresent(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    private static Instant instant(Random random) {
        long seconds = switch (random.nextInt(4)) {
            case 0 -> random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0-9999
            case 1 -> random.nextLong(-100_000_000_000L, 400_000_000_000L); // beyond, both ways
            default -> 1_700_000_000L + random.nextInt(100_000_000);
        };
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String maybe(Random random, String alphabet) {
        return random.nextInt(4) == 0 ? null : text(random, alphabet, 0);
    }

    private static String text(Random random, String alphabet, int min) {
        StringBuilder sb = new StringBuilder();
        if (random.nextBoolean()) {
            sb.append("plain ascii text long enough for the eight-byte steps ".repeat(1 + random.nextInt(3)));
        }
        for (int k = min + random.nextInt(30); k > 0; k--) {
            int cp = alphabet.codePointAt(random.nextInt(alphabet.length()));
            if (Character.isLowSurrogate((char) cp)) {
                continue;
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }
}
