package io.silgeom.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.Verdict;
import io.silgeom.ingest.collect.EdgeFuzzCorpus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The publisher's encoder writes ArticleJson.encode's bytes exactly, whatever the article. */
class ArticleEncoderTest {

    @Test
    void writesTheSameBytesAsArticleJsonForRandomArticles() {
        Random random = new Random(17);
        StringBuilder chars = new StringBuilder("aZ09 \"\\/<>&\u007f\u0080\u00e9\u00ff\u07ff\u0800\u2028\u2029\ufffd한😀");
        for (char c = 0; c < 0x20; c++) {
            chars.append(c);
        }
        String alphabet = chars.toString();
        for (int n = 0; n < 20_000; n++) {
            Article a = new Article(text(random, alphabet, 1), random.nextBoolean() ? Source.NEWS : Source.SOCIAL,
                    maybe(random, alphabet), maybe(random, alphabet), maybe(random, alphabet), instant(random),
                    maybe(random, alphabet), maybe(random, alphabet), maybe(random, alphabet));
            assertThat(new String(ArticleEncoder.encode(a), StandardCharsets.UTF_8)).as("article %s", a)
                    .isEqualTo(new String(ArticleJson.encode(a), StandardCharsets.UTF_8));
            assertThat(ArticleEncoder.encode(a)).isEqualTo(ArticleJson.encode(a));
        }
    }

    @Test
    void writesTheSameBytesAsArticleJsonForTheFuzzCorpusGoodRecords() {
        int checked = 0;
        for (EdgeFuzzCorpus.FuzzRecord r : EdgeFuzzCorpus.build(5, 300, Instant.parse("2026-11-25T12:00:00Z"))) {
            if (r.good()) {
                Verdict verdict = ArticleValidator.withDefaults().validate(r.raw(), Instant.parse("2026-11-25T12:00:00Z"));
                if (verdict instanceof Verdict.Valid v) {
                    assertThat(ArticleEncoder.encode(v.article())).isEqualTo(ArticleJson.encode(v.article()));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void writesInstantsAsInstantToStringDoes() {
        Random random = new Random(3);
        for (int n = 0; n < 200_000; n++) {
            Instant t = instant(random);
            assertThat(ArticleEncoder.instantText(t)).isEqualTo(t.toString());
        }
        for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z")}) {
            assertThat(ArticleEncoder.instantText(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void surrogatesPairedOrAloneAreWrittenAsArticleJsonWritesThem() {
        for (String title : new String[] {"lone \ud83d high", "lone \ude00 low", "pair \ud83d\ude00", "\ude00\ud83d reversed"}) {
            Article a = new Article("x", Source.NEWS, null, null, null, Instant.EPOCH, title, null, null);
            assertThat(ArticleEncoder.encode(a)).as(title).isEqualTo(ArticleJson.encode(a));
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
