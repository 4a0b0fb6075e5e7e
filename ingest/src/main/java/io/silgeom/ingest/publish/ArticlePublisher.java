package io.silgeom.ingest.publish;

import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends articles to the articles topic and unmappable input to the dead-letter topic (DESIGN.md §1, §3).
 *
 * <ul>
 *   <li>Key = article id, so every copy of one id lands on one partition and the layers can keep the first
 *       copy by offset.</li>
 *   <li>Value = {@link ArticleJson#encode(Article)}'s bytes.</li>
 *   <li>Record timestamp = now ({@code CreateTime}): the layers judge "more than 5 minutes in the future"
 *       against it, so it must be the time the record entered the system, not the article's event time.</li>
 *   <li>Idempotent producer with {@code acks=all} (see {@link PublisherOptions#producerConfig()}).</li>
 * </ul>
 *
 * <p>Every send ends as acknowledged or failed, and both are counted ({@link #stats()}). A failure is logged at
 * ERROR with the key and the reason (the first ten one by one, then every thousandth, so a dead broker does
 * not flood the log); it is never dropped without a trace. {@link #flush()} and {@link #close()} wait for
 * the acknowledgements. Thread-safe, like the producer under it.
 */
public final class ArticlePublisher implements ArticleSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArticlePublisher.class);
    private static final int FAILURES_LOGGED_ONE_BY_ONE = 10;
    private static final int FAILURE_LOG_EVERY = 1000;
    /** Slots of {@link #counts}, 16 longs (128 bytes) apart. */
    private static final int SPACING = 16;
    private static final int SENT = 0;
    private static final int ACKED = SPACING;
    private static final int FAILED = 2 * SPACING;

    private final Producer<String, byte[]> producer;
    private final String articlesTopic;
    private final String dlqTopic;
    private final Clock clock;
    private final Duration closeTimeout;
    /**
     * Sent, acknowledged and failed, 128 bytes apart: the sending thread counts every send and the producer's I/O thread
     * every acknowledgement, so side by side (three small objects allocated one after the other share a cache line) the
     * line would travel between the two cores twice per record.
     */
    private final AtomicLongArray counts = new AtomicLongArray(3 * SPACING);
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile boolean closed;

    /**
     * For tests and for callers that manage the producer themselves (e.g. Kafka's {@code MockProducer}).
     * The publisher owns the producer from now on and closes it in {@link #close()}.
     */
    public ArticlePublisher(Producer<String, byte[]> producer, String articlesTopic, String dlqTopic, Clock clock,
            Duration closeTimeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.articlesTopic = Objects.requireNonNull(articlesTopic, "articlesTopic");
        this.dlqTopic = Objects.requireNonNull(dlqTopic, "dlqTopic");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    /** Connects a real {@link KafkaProducer}; nothing is sent until the first publish. */
    public static ArticlePublisher create(PublisherOptions options) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(options.producerConfig());
        LOG.info("publisher: bootstrap: {}, topic: {}, dlq: {}, linger: {}, compression: {}", options.bootstrap(),
                options.articlesTopic(), options.dlqTopic(), options.linger(), options.compression());
        return new ArticlePublisher(producer, options.articlesTopic(), options.dlqTopic(), Clock.systemUTC(),
                options.closeTimeout());
    }

    @Override
    public void publish(Article article) {
        send(articlesTopic, article.id(), ArticleJson.encode(article));
    }

    /** Sends {@code json} as the article's value, as it is: the caller wrote it with ArticleJson.encode. */
    @Override
    public void publish(Article article, byte[] json) {
        send(articlesTopic, article.id(), Objects.requireNonNull(json, "json"));
    }

    @Override
    public void publishRaw(String key, byte[] value) {
        send(articlesTopic, key, Objects.requireNonNull(value, "value"));
    }

    @Override
    public void publishDeadLetter(String key, DeadLetter deadLetter) {
        send(dlqTopic, key, ArticleJson.encodeDeadLetter(deadLetter));
    }

    private void send(String topic, String key, byte[] value) {
        if (closed) {
            throw new IllegalStateException("publisher is closed; cannot send key " + key + " to " + topic);
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, null, clock.millis(), key, value);
        counts.incrementAndGet(SENT);
        Callback callback = (metadata, exception) -> {
            if (exception == null) {
                counts.incrementAndGet(ACKED);
            } else {
                recordFailure(topic, key, exception);
            }
        };
        try {
            producer.send(record, callback);
        } catch (KafkaException e) {
            // Errors the producer reports through the callback (timeouts, record too large) never get here;
            // this is a producer that cannot send at all (closed, fatal state). Count it, then let the caller stop.
            recordFailure(topic, key, e);
            throw e;
        }
    }

    private void recordFailure(String topic, String key, Exception exception) {
        long n = counts.incrementAndGet(FAILED);
        String message = exception.getClass().getSimpleName() + ": " + exception.getMessage();
        lastError.set(message);
        if (n <= FAILURES_LOGGED_ONE_BY_ONE) {
            LOG.error("send failed: topic: {}, key: {}, error: {}", topic, key, message);
        } else if (n % FAILURE_LOG_EVERY == 0) {
            LOG.error("send failed: {} records so far, last: topic: {}, key: {}, error: {}", n, topic, key, message);
        }
    }

    /** Waits until every record sent so far is acknowledged or failed. */
    @Override
    public void flush() {
        producer.flush();
    }

    public PublishStats stats() {
        return new PublishStats(counts.get(SENT), counts.get(ACKED), counts.get(FAILED), lastError.get());
    }

    /** Waits up to the close timeout for in-flight records, then closes the producer. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        producer.close(closeTimeout);
        PublishStats s = stats();
        if (s.failed() > 0 || s.inFlight() > 0) {
            LOG.error("publisher closed with losses: sent: {}, acked: {}, failed: {}, unacknowledged: {}, last error: {}",
                    s.sent(), s.acked(), s.failed(), s.inFlight(), s.lastError());
        } else {
            LOG.info("publisher closed: sent: {}, acked: {}", s.sent(), s.acked());
        }
    }
}
