package io.silgeom.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import kafka.server.KafkaConfig;

class EmbeddedKafkaBrokerTest {
    @Test
    void brokerConfigIsValidForKafkaAndFitsASingleNode() {
        // Kafka itself validates the properties (roles, listeners, quorum) without starting anything.
        KafkaConfig config = KafkaConfig.fromProps(
                EmbeddedKafkaBroker.brokerProperties(9092, 9093, Path.of("/var/silgeom/kafka/logs")), false);

        assertThat(config.nodeId()).isEqualTo(1);
        // Internal topics ask for 3 replicas by default and would never be created on one node.
        assertThat(config.getShort("offsets.topic.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getShort("transaction.state.log.replication.factor")).isEqualTo((short) 1);
        assertThat(config.getInt("transaction.state.log.min.isr")).isEqualTo(1);
        assertThat(config.getInt("min.insync.replicas")).isEqualTo(1);
        assertThat(config.getInt("group.initial.rebalance.delay.ms")).isZero();
        assertThat(config.getList("listeners"))
                .containsExactly("PLAINTEXT://127.0.0.1:9092", "CONTROLLER://127.0.0.1:9093");
        assertThat(config.getList("log.dirs")).containsExactly("/var/silgeom/kafka/logs");
    }
}
