package io.silgeom.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The publisher against Kafka's MockProducer: what each record looks like, and that every send is counted as
 * acknowledged or failed. (The end-to-end IT of the lead runs it against a real broker.)
 */
class ArticlePublisherTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Article ARTICLE = new Article("yonhap-123", Source.NEWS, "yonhap", null, "ko",
            Instant.parse("2026-11-25T11:59:00Z"), "태풍 북상", "태풍이 북상하고 있다.", "https://yonhap.example.com/123");

    /** autoComplete=false: the test decides when each send succeeds or fails. */
    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final ArticlePublisher publisher = new ArticlePublisher(producer, "silgeom.articles",
            "silgeom.articles.dlq", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));

    @Test
    void anArticleGoesToTheArticlesTopicKeyedByIdAsItsJsonStampedWithNow() {
        publisher.publish(ARTICLE);

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("silgeom.articles");
        assertThat(sent.key()).isEqualTo("yonhap-123");
        assertThat(sent.value()).isEqualTo(ArticleJson.encode(ARTICLE));
        assertThat(sent.timestamp()).as("receivedAt for the layers, not the event time").isEqualTo(NOW.toEpochMilli());
        assertThat(sent.partition()).as("the partitioner hashes the key").isNull();
    }

    @Test
    void anArticleEncodedAheadIsSentAsItsJsonAsItIs() {
        byte[] json = ArticleJson.encode(ARTICLE);

        publisher.publish(ARTICLE, json);

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.key()).isEqualTo("yonhap-123");
        assertThat(sent.value()).isSameAs(json);
        assertThat(sent.topic()).isEqualTo("silgeom.articles");
        assertThat(publisher.stats().inFlight()).isEqualTo(1);
    }

    @Test
    void aDeadLetterIsAWellFormedDlqRecordThatNeverReachedKafka() {
        DeadLetter dl = new DeadLetter("publishedAt: missing (column 'date_iso')", NOW, null, -1, 2, "17192\t\t31-MAR");

        publisher.publishDeadLetter("reuters21578.tsv:2", dl);

        ProducerRecord<String, byte[]> sent = producer.history().get(0);
        assertThat(sent.topic()).isEqualTo("silgeom.articles.dlq");
        assertThat(sent.key()).isEqualTo("reuters21578.tsv:2");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8))
                .contains("\"reason\":\"publishedAt: missing (column 'date_iso')\"", "\"partition\":-1", "\"offset\":2")
                .doesNotContain("\"topic\"");
        assertThat(ArticleJson.decodeDeadLetter(sent.value())).isEqualTo(dl);
    }

    @Test
    void rawRecordsGoThroughUnchanged() {
        byte[] broken = "{\"id\":\"x\",\"source\":".getBytes(StandardCharsets.UTF_8);

        publisher.publishRaw("x", broken);

        assertThat(producer.history().get(0).value()).isEqualTo(broken);
        assertThat(producer.history().get(0).topic()).isEqualTo("silgeom.articles");
    }

    @Test
    void everySendEndsAcknowledgedOrFailedAndAFailureIsCountedWithItsReason() {
        publisher.publish(ARTICLE);
        publisher.publish(ARTICLE.withLang("en"));
        publisher.publish(ARTICLE);
        assertThat(publisher.stats().inFlight()).isEqualTo(3);

        producer.completeNext();
        producer.errorNext(new RecordTooLargeException("record is 2000000 bytes"));
        producer.completeNext();

        PublishStats stats = publisher.stats();
        assertThat(stats.sent()).isEqualTo(3);
        assertThat(stats.acked()).isEqualTo(2);
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.lastError()).contains("RecordTooLargeException", "2000000 bytes");
    }

    @Test
    void flushWaitsForEveryAcknowledgement() {
        publisher.publish(ARTICLE);
        publisher.publish(ARTICLE);

        publisher.flush();

        assertThat(producer.flushed()).isTrue();
        assertThat(publisher.stats().acked()).isEqualTo(2);
    }

    @Test
    void closeClosesTheProducerOnceAndRefusesLaterSends() {
        publisher.close();
        publisher.close();

        assertThat(producer.closed()).isTrue();
        assertThatThrownBy(() -> publisher.publish(ARTICLE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("yonhap-123");
    }
}
