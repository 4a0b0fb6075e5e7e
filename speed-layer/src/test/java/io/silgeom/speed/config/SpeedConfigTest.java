package io.silgeom.speed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeedConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        SpeedConfig c = SpeedConfig.defaults();

        assertThat(c.groupId()).isEqualTo("silgeom-speed");
        assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxBatchRecords()).isEqualTo(5000);
        assertThat(c.dedupeHorizon()).isEqualTo(Duration.ofDays(2));
        assertThat(c.minuteRetention()).isEqualTo(Duration.ofHours(6));
        assertThat(c.hourRetention()).isEqualTo(Duration.ofDays(8));
        assertThat(c.statusInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void valuesAreReadAsOperatorsWriteThem() {
        SpeedConfig c = SpeedConfig.from(Settings.of(Map.of("speed.flush.interval", "250ms", "speed.hour.retention", "14d")));

        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.hourRetention()).isEqualTo(Duration.ofDays(14));
    }

    @Test
    void aBadValueIsRejectedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> SpeedConfig.from(Settings.of(Map.of("speed.flush.interval", "10ms"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("speed.flush.interval: 10ms");
        assertThatThrownBy(() -> SpeedConfig.from(Settings.of(Map.of("speed.max.batch.records", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("speed.max.batch.records: 0");
    }

    @Test
    void hoursMustOutliveTheirMinutes() {
        assertThatThrownBy(() -> SpeedConfig.from(Settings.of(Map.of("speed.minute.retention", "3d", "speed.hour.retention", "2d"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("speed.hour.retention: 2d is shorter than speed.minute.retention (3d)");
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(SpeedConfig.DEF.keys()).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
        assertThat(SpeedConfig.DEF.toMarkdown()).contains("`speed.dedupe.horizon`");
    }
}
