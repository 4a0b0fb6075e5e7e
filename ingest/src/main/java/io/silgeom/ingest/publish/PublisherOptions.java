package io.silgeom.ingest.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where and how {@link ArticlePublisher} sends: bootstrap servers, the two topics, batching and compression.
 * {@code io.silgeom.ingest.config.IngestConfig#publisherOptions} fills it from configuration; the CLI may
 * override the bootstrap address with {@link #withBootstrap(String)}.
 *
 * @param compression one of {@code none, gzip, snappy, lz4, zstd}
 * @param closeTimeout how long {@link ArticlePublisher#close()} waits for in-flight records
 */
public record PublisherOptions(
        String bootstrap,
        String articlesTopic,
        String dlqTopic,
        Duration linger,
        String compression,
        String clientId,
        Duration closeTimeout) {

    static final Set<String> COMPRESSIONS = Set.of("none", "gzip", "snappy", "lz4", "zstd");

    public PublisherOptions {
        requireText(bootstrap, "bootstrap");
        requireText(articlesTopic, "articlesTopic");
        requireText(dlqTopic, "dlqTopic");
        requireText(clientId, "clientId");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, got " + linger);
        }
        if (!COMPRESSIONS.contains(compression)) {
            throw new IllegalArgumentException("compression must be one of " + COMPRESSIONS + ", got " + compression);
        }
    }

    public PublisherOptions withBootstrap(String newBootstrap) {
        return new PublisherOptions(newBootstrap, articlesTopic, dlqTopic, linger, compression, clientId, closeTimeout);
    }

    /**
     * The producer configuration. The settings that make a replay safe to retry are fixed here, not
     * configurable: idempotence (a retried batch is not written twice) and {@code acks=all} (an acknowledged
     * record survives the loss of the leader).
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // NOTE: idempotence needs at most 5 in-flight requests per connection to keep ordering on retries.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
