package io.silgeom.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One test per rule of DESIGN.md §3: a record that breaks exactly that rule is rejected with the rule's stable
 * name and a reason naming the field and the value; good records come back as articles.
 */
class ArticleValidatorTest {
    private static final Instant RECEIVED = Instant.parse("2024-05-01T01:00:00Z");
    private final ArticleValidator validator = new ArticleValidator(4096);

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A valid record with one field replaced (or removed, when {@code value} is null). */
    private static byte[] recordWith(String field, String value) {
        StringBuilder sb = new StringBuilder("{");
        String[][] fields = {
            {"id", "\"yna-20240501-0001\""}, {"source", "\"news\""}, {"site", "\"yonhap\""}, {"lang", "\"ko\""},
            {"publishedAt", "\"2024-05-01T10:00:00+09:00\""}, {"title", "\"손흥민, 시즌 10호 골\""},
            {"body", "\"토트넘 홋스퍼의 손흥민이 골을 넣었다.\""}, {"url", "\"https://www.yna.co.kr/view/AKR1\""}};
        for (String[] f : fields) {
            String v = f[0].equals(field) ? value : f[1];
            if (v != null) {
                sb.append(sb.length() > 1 ? "," : "").append('"').append(f[0]).append("\":").append(v);
            }
        }
        return json(sb.append('}').toString());
    }

    private Verdict.Invalid rejected(byte[] raw) {
        Verdict v = validator.validate(raw, RECEIVED);
        assertThat(v).isInstanceOf(Verdict.Invalid.class);
        return (Verdict.Invalid) v;
    }

    private Article accepted(byte[] raw, Instant receivedAt) {
        Verdict v = validator.validate(raw, receivedAt);
        assertThat(v).as("verdict of %s", new String(raw, StandardCharsets.UTF_8)).isInstanceOf(Verdict.Valid.class);
        return ((Verdict.Valid) v).article();
    }

    @Test
    void aKoreanNewsArticleWithAnOffsetIsValidAndItsTimeBecomesAnInstant() {
        Article a = accepted(recordWith(null, null), RECEIVED);

        assertThat(a.id()).isEqualTo("yna-20240501-0001");
        assertThat(a.source()).isEqualTo(Source.NEWS);
        assertThat(a.site()).isEqualTo("yonhap");
        assertThat(a.lang()).isEqualTo("ko");
        assertThat(a.publishedAt()).isEqualTo(Instant.parse("2024-05-01T01:00:00Z"));
        assertThat(a.title()).isEqualTo("손흥민, 시즌 10호 골");
        assertThat(a.body()).isEqualTo("토트넘 홋스퍼의 손흥민이 골을 넣었다.");
        assertThat(a.url()).isEqualTo("https://www.yna.co.kr/view/AKR1");
        assertThat(a.author()).isNull();
    }

    @Test
    void aMinimalSocialPostInUtcIsValid() {
        Article a = accepted(json("{\"id\":\"x-1\",\"source\":\"social\",\"publishedAt\":\"2024-05-01T00:59:59.250Z\",\"body\":\"#Sandy is here\"}"), RECEIVED);

        assertThat(a.source()).isEqualTo(Source.SOCIAL);
        assertThat(a.publishedAt()).isEqualTo(Instant.parse("2024-05-01T00:59:59.250Z"));
        assertThat(a.title()).isNull();
        assertThat(a.lang()).isNull();
    }

    @Test
    void unknownFieldsSuchAsTheArchiveKafkaStampAreIgnored() {
        String line = "{\"id\":\"x-1\",\"source\":\"social\",\"publishedAt\":\"2024-05-01T01:00:00Z\",\"body\":\"hi there\","
                + "\"_kafka\":{\"topic\":\"silgeom.articles\",\"partition\":3,\"offset\":42,\"timestamp\":\"2024-05-01T01:00:01Z\"},"
                + "\"retweets\":[1,2,3]}";

        assertThat(accepted(json(line), null).id()).isEqualTo("x-1");
    }

    @Test
    void blankOptionalFieldsReadAsAbsent() {
        String raw = "{\"id\":\"a\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T01:00:00Z\",\"title\":\"t\","
                + "\"site\":\"\",\"author\":\" \",\"lang\":\"\",\"url\":\"\"}";
        Article a = accepted(json(raw), RECEIVED);

        assertThat(a.site()).isNull();
        assertThat(a.author()).isNull();
        assertThat(a.lang()).isNull();
        assertThat(a.url()).isNull();
    }

    @Test
    void aRecordLargerThanTheLimitIsRejectedOnArrivalOnly() {
        byte[] big = recordWith("body", "\"" + "가".repeat(2000) + "\"");  // 6000 bytes of UTF-8 > 4096
        Verdict.Invalid v = rejected(big);

        assertThat(v.rule()).isEqualTo("record.too-large");
        assertThat(v.reason()).contains(big.length + " bytes").contains("4096");
        // The batch layer re-validates archived lines with receivedAt = null: the size was judged on arrival.
        assertThat(validator.validate(big, null)).isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void bytesThatAreNotJsonAreMalformed() {
        Verdict.Invalid v = rejected(json("{\"id\":\"a\", source: news}"));

        assertThat(v.rule()).isEqualTo("json.malformed");
        assertThat(v.reason()).startsWith("record: not UTF-8 JSON").contains("byte");
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] raw = recordWith("title", "\"caf\u00e9\"");
        byte[] latin1 = new String(raw, StandardCharsets.UTF_8).getBytes(StandardCharsets.ISO_8859_1);

        assertThat(rejected(latin1).rule()).isEqualTo("json.malformed");
        assertThat(rejected("\"x\"".getBytes(StandardCharsets.UTF_16LE)).rule()).isEqualTo("json.malformed");
    }

    @Test
    void anArrayTrailingContentOrAFieldGivenTwiceIsMalformed() {
        assertThat(rejected(json("[1,2]")).reason()).isEqualTo("record: expected a JSON object, got array");
        assertThat(rejected(json("")).reason()).isEqualTo("record: expected a JSON object, got nothing");
        assertThat(rejected(json("{\"id\":\"a\"} {\"id\":\"b\"}")).rule()).isEqualTo("json.malformed");
        Verdict.Invalid twice = rejected(json("{\"id\":\"a\",\"id\":\"b\"}"));
        assertThat(twice.rule()).isEqualTo("json.malformed");
        assertThat(twice.reason()).contains("id");
    }

    @Test
    void aMissingNullOrBlankIdIsRejected() {
        assertThat(rejected(recordWith("id", null))).isEqualTo(new Verdict.Invalid("id.missing", "id: missing"));
        assertThat(rejected(recordWith("id", "null")).rule()).isEqualTo("id.missing");
        assertThat(rejected(recordWith("id", "\"  \""))).isEqualTo(new Verdict.Invalid("id.missing", "id: missing, got \"  \""));
    }

    @Test
    void anIdThatIsNotAStringIsRejected() {
        assertThat(rejected(recordWith("id", "42"))).isEqualTo(new Verdict.Invalid("id.type", "id: expected a string, got number 42"));
    }

    @Test
    void anIdLongerThan256CharactersIsRejectedAndShownCut() {
        assertThat(validator.validate(recordWith("id", "\"" + "한".repeat(256) + "\""), RECEIVED)).isInstanceOf(Verdict.Valid.class);

        Verdict.Invalid v = rejected(recordWith("id", "\"" + "a".repeat(257) + "\""));

        assertThat(v.rule()).isEqualTo("id.too-long");
        assertThat(v.reason()).startsWith("id: 257 characters, at most 256 allowed: \"" + "a".repeat(80) + "…(257 chars)\"");
    }

    @Test
    void aSourceOtherThanNewsOrSocialIsRejected() {
        assertThat(rejected(recordWith("source", "\"blog\"")).reason())
                .isEqualTo("source: expected news or social, got \"blog\" (id \"yna-20240501-0001\")");
        assertThat(rejected(recordWith("source", "\"NEWS\"")).rule()).isEqualTo("source.invalid");
        assertThat(rejected(recordWith("source", null)).reason()).startsWith("source: expected news or social, got nothing");
    }

    @Test
    void aMissingPublishedAtIsRejected() {
        Verdict.Invalid v = rejected(recordWith("publishedAt", null));

        assertThat(v.rule()).isEqualTo("publishedAt.missing");
        assertThat(v.reason()).isEqualTo("publishedAt: missing (id \"yna-20240501-0001\")");
    }

    @Test
    void aLocalTimeWithoutOffsetOrAnEpochNumberIsMalformed() {
        Verdict.Invalid local = rejected(recordWith("publishedAt", "\"2024-05-01T10:00:00\""));
        assertThat(local.rule()).isEqualTo("publishedAt.malformed");
        assertThat(local.reason()).startsWith("publishedAt: \"2024-05-01T10:00:00\" is not an ISO-8601 date-time with offset");

        assertThat(rejected(recordWith("publishedAt", "1714525200")).reason()).startsWith("publishedAt: number 1714525200 is not");
        assertThat(rejected(recordWith("publishedAt", "\"2024-05-01 10:00:00+09:00\"")).rule()).isEqualTo("publishedAt.malformed");
        assertThat(rejected(recordWith("publishedAt", "\"yesterday\"")).rule()).isEqualTo("publishedAt.malformed");
    }

    @Test
    void anEventTimeMoreThanFiveMinutesAfterArrivalIsInTheFuture() {
        // 10:05+09:00 is 01:05Z: exactly 5 minutes after RECEIVED is still fine, one second more is not.
        assertThat(validator.validate(recordWith("publishedAt", "\"2024-05-01T10:05:00+09:00\""), RECEIVED))
                .isInstanceOf(Verdict.Valid.class);

        Verdict.Invalid v = rejected(recordWith("publishedAt", "\"2024-05-01T10:05:01+09:00\""));

        assertThat(v.rule()).isEqualTo("publishedAt.future");
        assertThat(v.reason()).isEqualTo("publishedAt: 2024-05-01T01:05:01Z is 301 s after the record arrived at "
                + "2024-05-01T01:00:00Z, at most 5 minutes allowed (id \"yna-20240501-0001\")");
        // Archived lines (receivedAt = null) were judged on arrival.
        assertThat(validator.validate(recordWith("publishedAt", "\"2024-05-01T10:05:01+09:00\""), null))
                .isInstanceOf(Verdict.Valid.class);
    }

    @Test
    void aTitleSiteAuthorOrBodyThatIsNotAStringIsAFieldTypeError() {
        assertThat(rejected(recordWith("title", "[\"a\"]")).reason())
                .isEqualTo("title: expected a string, got array [\"a\"] (id \"yna-20240501-0001\")");
        assertThat(rejected(recordWith("site", "7")).rule()).isEqualTo("field.type");
        assertThat(rejected(recordWith("body", "{\"text\":\"x\"}")).rule()).isEqualTo("field.type");
    }

    @Test
    void aLangThatIsNotALowerCaseCodeIsRejected() {
        assertThat(rejected(recordWith("lang", "\"ko-KR\"")).reason())
                .isEqualTo("lang: expected a 2-3 letter lower-case code like ko or en, got \"ko-KR\" (id \"yna-20240501-0001\")");
        assertThat(rejected(recordWith("lang", "\"KO\"")).rule()).isEqualTo("lang.invalid");
        assertThat(rejected(recordWith("lang", "\"all\"")).rule()).as("all is the roll-up slice").isEqualTo("lang.invalid");
        assertThat(rejected(recordWith("lang", "1")).rule()).isEqualTo("lang.invalid");
    }

    @Test
    void aUrlThatIsNotAbsoluteHttpIsRejected() {
        assertThat(rejected(recordWith("url", "\"ftp://example.com/a\"")).reason())
                .isEqualTo("url: expected an absolute http or https URL, got \"ftp://example.com/a\" (id \"yna-20240501-0001\")");
        assertThat(rejected(recordWith("url", "\"/view/AKR1\"")).rule()).isEqualTo("url.scheme");
        assertThat(rejected(recordWith("url", "\"https:///path\"")).rule()).isEqualTo("url.scheme");
        assertThat(rejected(recordWith("url", "\"http://a b\"")).rule()).isEqualTo("url.scheme");
        assertThat(rejected(recordWith("url", "\"javascript:alert(1)\"")).rule()).isEqualTo("url.scheme");
        assertThat(accepted(recordWith("url", "\"HTTP://news.example.kr/기사?id=1|2\""), RECEIVED).url())
                .isEqualTo("HTTP://news.example.kr/기사?id=1|2");
    }

    @Test
    void aRecordWithoutTitleAndBodyHasNothingToCount() {
        byte[] raw = json("{\"id\":\"a\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T01:00:00Z\",\"title\":\"  \"}");
        Verdict.Invalid v = rejected(raw);

        assertThat(v).isEqualTo(new Verdict.Invalid("text.missing", "title and body: both missing or blank (id \"a\")"));
    }

    @Test
    void everyRuleNameIsStableAndDocumented() {
        assertThat(ValidationRule.values()).extracting(ValidationRule::wireName).containsExactly(
                "record.too-large", "json.malformed", "id.missing", "id.type", "id.too-long", "source.invalid",
                "publishedAt.missing", "publishedAt.malformed", "publishedAt.future", "field.type", "lang.invalid",
                "url.scheme", "text.missing");
        assertThat(ValidationRule.values()).allSatisfy(r -> assertThat(r.meaning()).isNotBlank());
    }
}
