package io.silgeom.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.core.validation.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArticleJsonTest {
    private static final Article FULL = new Article("yna-1", Source.NEWS, "yonhap", "홍길동", "ko",
            Instant.parse("2024-05-01T01:00:00Z"), "손흥민 \"10호 골\"", "본문\n둘째 줄", "https://www.yna.co.kr/view/AKR1");

    @Test
    void anArticleIsWrittenCompactInTableOrderAsUtf8() {
        byte[] json = ArticleJson.encode(FULL);

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"yna-1\",\"source\":\"news\",\"site\":\"yonhap\","
                + "\"author\":\"홍길동\",\"lang\":\"ko\",\"publishedAt\":\"2024-05-01T01:00:00Z\",\"title\":\"손흥민 \\\"10호 골\\\"\","
                + "\"body\":\"본문\\n둘째 줄\",\"url\":\"https://www.yna.co.kr/view/AKR1\"}");
        assertThat(ArticleJson.encodeToString(FULL)).isEqualTo(new String(json, StandardCharsets.UTF_8));
    }

    @Test
    void nullFieldsAreLeftOut() {
        Article post = new Article("x-9", Source.SOCIAL, null, null, null, Instant.parse("2024-05-01T01:00:00.5Z"), null, "#BTS", null);

        assertThat(ArticleJson.encodeToString(post))
                .isEqualTo("{\"id\":\"x-9\",\"source\":\"social\",\"publishedAt\":\"2024-05-01T01:00:00.500Z\",\"body\":\"#BTS\"}");
    }

    @Test
    void whatIsEncodedTheValidatorReadsBackUnchanged() {
        Verdict v = ArticleValidator.withDefaults().validate(ArticleJson.encode(FULL), Instant.parse("2024-05-01T01:00:00Z"));

        assertThat(v).isEqualTo(new Verdict.Valid(FULL));
    }

    @Test
    void aDeadLetterRoundTrips() {
        DeadLetter dl = new DeadLetter("id: missing", Instant.parse("2024-05-01T01:00:00Z"), "silgeom.articles", 3, 42L,
                "{\"source\":\"news\",\"title\":\"한글\"}");
        byte[] json = ArticleJson.encodeDeadLetter(dl);

        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"reason\":\"id: missing\",\"receivedAt\":\"2024-05-01T01:00:00Z\","
                + "\"topic\":\"silgeom.articles\",\"partition\":3,\"offset\":42,\"raw\":\"{\\\"source\\\":\\\"news\\\",\\\"title\\\":\\\"한글\\\"}\"}");
        assertThat(ArticleJson.decodeDeadLetter(json)).isEqualTo(dl);
    }

    @Test
    void aDeadLetterRejectedBeforeKafkaHasNoTopicAndMinusOnePositions() {
        DeadLetter edge = new DeadLetter("json.malformed", Instant.parse("2024-05-01T01:00:00Z"), null, -1, -1L, "{oops");

        assertThat(ArticleJson.decodeDeadLetter(ArticleJson.encodeDeadLetter(edge))).isEqualTo(edge);
        assertThat(ArticleJson.decodeDeadLetter("{\"reason\":\"r\",\"receivedAt\":\"2024-05-01T01:00:00Z\",\"raw\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(new DeadLetter("r", Instant.parse("2024-05-01T01:00:00Z"), null, -1, -1L, "x"));
    }

    @Test
    void somethingElseIsNotADeadLetter() {
        assertThatThrownBy(() -> ArticleJson.decodeDeadLetter("{\"reason\":\"r\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receivedAt");
        assertThatThrownBy(() -> ArticleJson.decodeDeadLetter("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("object");
        assertThatThrownBy(() -> ArticleJson.decodeDeadLetter("{\"reason\":\"r\",\"receivedAt\":\"noon\",\"raw\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("receivedAt");
    }
}
