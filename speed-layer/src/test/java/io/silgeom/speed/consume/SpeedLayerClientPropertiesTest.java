package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.speed.config.SpeedConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SpeedLayerClientPropertiesTest {
    private final CoreConfig core = CoreConfig.from(Settings.of(Map.of("kafka.bootstrap.servers", "127.0.0.1:19092")));
    private final SpeedConfig speed = SpeedConfig.from(Settings.of(Map.of("speed.max.batch.records", "700")));

    @Test
    void theConsumerLeavesOffsetsToRedisAndReadsOnlyCommittedRecordsFromTheStart() {
        Properties p = SpeedLayer.consumerProperties(speed, core);

        assertThat(p).containsEntry("bootstrap.servers", "127.0.0.1:19092")
                .containsEntry("group.id", "silgeom-speed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("max.poll.records", "700");
    }

    @Test
    void theRebuildConsumerHasNoGroupSoItNeitherJoinsTheLiveGroupNorCommits() {
        Properties p = SpeedLayer.rebuildConsumerProperties(speed, core);

        assertThat(p).doesNotContainKey("group.id")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("max.poll.records", "700");
    }

    @Test
    void theDeadLetterProducerWaitsForAllReplicasAndNeverWritesTwice() {
        Properties p = SpeedLayer.producerProperties(core);

        assertThat(p).containsEntry("acks", "all").containsEntry("enable.idempotence", "true");
    }
}
