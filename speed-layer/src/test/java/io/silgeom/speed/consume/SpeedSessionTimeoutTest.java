package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.speed.config.SpeedConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** A killed speed process's partitions go to a new owner after speed.session.timeout, not Kafka's 45 s. */
class SpeedSessionTimeoutTest {
    @Test
    void theSessionTimeoutIsTenSecondsByDefaultWithHeartbeatsEveryThirdOfIt() {
        Properties p = SpeedLayer.consumerProperties(SpeedConfig.defaults(), CoreConfig.from(Settings.empty()));

        assertThat(p).containsEntry("session.timeout.ms", "10000").containsEntry("heartbeat.interval.ms", "3333");
    }

    @Test
    void itIsConfigurableWithinTheBrokersDefaultBounds() {
        Settings six = Settings.of(Map.of("speed.session.timeout", "6s"));
        assertThat(SpeedLayer.consumerProperties(SpeedConfig.from(six), CoreConfig.from(six)))
                .containsEntry("session.timeout.ms", "6000").containsEntry("heartbeat.interval.ms", "2000");

        assertThatThrownBy(() -> SpeedConfig.from(Settings.of(Map.of("speed.session.timeout", "2s"))))
                .hasMessageContaining("speed.session.timeout");
    }
}
