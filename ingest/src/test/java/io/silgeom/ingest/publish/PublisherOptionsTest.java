package io.silgeom.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The producer settings that make a replay safe to retry are always on. */
class PublisherOptionsTest {
    private final PublisherOptions options = new PublisherOptions("localhost:9092", "silgeom.articles",
            "silgeom.articles.dlq", Duration.ofMillis(10), "lz4", "silgeom-ingest", Duration.ofSeconds(30));

    @Test
    void theProducerIsIdempotentWaitsForAllReplicasAndLingersBriefly() {
        Map<String, Object> config = options.producerConfig();

        assertThat(config).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 10)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    }

    @Test
    void kafkaAcceptsTheConfiguration() {
        // ProducerConfig runs Kafka's own checks, e.g. that idempotence is compatible with acks and in-flight limits.
        ProducerConfig parsed = new ProducerConfig(options.producerConfig());

        assertThat(parsed.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
        assertThat(parsed.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
    }

    @Test
    void theBootstrapCanBeOverriddenAndBadValuesAreRefusedByName() {
        assertThat(options.withBootstrap("broker:19092").producerConfig())
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:19092");
        assertThatThrownBy(() -> options.withBootstrap(" ")).hasMessageContaining("bootstrap");
        assertThatThrownBy(() -> new PublisherOptions("b:1", "t", "d", Duration.ZERO, "brotli", "c", Duration.ZERO))
                .hasMessageContaining("compression");
    }
}
