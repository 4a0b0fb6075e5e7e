package io.silgeom.serving.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.Settings;
import io.silgeom.serving.snapshot.RefreshSchedule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServingConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        ServingConfig c = ServingConfig.from(Settings.empty());
        assertThat(c.port()).isEqualTo(8080);
        assertThat(c.refreshInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.refreshSchedule()).isEqualTo(new RefreshSchedule(Duration.ofSeconds(10), Duration.ofSeconds(1),
                0.25, Duration.ofMillis(200)));
        assertThat(c.refreshSchedule().followsChanges()).isTrue();
        assertThat(c.snapshotRetention()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.trendBaselineHours()).isEqualTo(24);
        assertThat(c.trendMinCount()).isEqualTo(3);
        assertThat(c.adminToken()).isEmpty();
        assertThat(c.maxRange()).isEqualTo(Duration.ofDays(31));
        assertThat(c.speedHourRetention()).isEqualTo(Duration.ofDays(8));
        assertThat(c.speedMinuteRetention()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void valuesAreReadAndCheckedWithTheKeyInTheMessage() {
        ServingConfig c = ServingConfig.from(Settings.empty().with("serving.port", "0")
                .with("serving.admin.token", "t0ken").with("serving.refresh.interval", "2s"));
        assertThat(c.port()).isZero();
        assertThat(c.adminToken()).isEqualTo("t0ken");
        assertThat(c.refreshInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(ServingConfig.from(Settings.empty().with("serving.refresh.min.gap", "10s")).refreshSchedule()
                .followsChanges()).as("a gap as long as the interval turns the watch off").isFalse();
        assertThatThrownBy(() -> ServingConfig.from(Settings.empty().with("serving.refresh.watch", "5ms")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("serving.refresh.watch: 5ms");
        assertThatThrownBy(() -> ServingConfig.from(Settings.empty().with("serving.snapshot.retention", "5m")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("serving.snapshot.retention: 5m");
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(ServingConfig.DEF.keys()).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
        assertThat(ServingConfig.DEF.toMarkdown()).contains("`serving.admin.token`");
    }
}
