package io.silgeom.batch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BatchConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        BatchConfig c = BatchConfig.defaults();

        assertThat(c.groupId()).isEqualTo("silgeom-archiver");
        assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxRecords()).isEqualTo(10_000);
        assertThat(c.invalidMaxShare()).isEqualTo(0.05);
        assertThat(c.cutoffAlignedToDay()).isFalse();
        assertThat(c.scheduleInterval()).isEqualTo(Duration.ofDays(1));
        assertThat(c.publishChunkSize()).isEqualTo(1_000);
    }

    @Test
    void settingsOverrideAndBadValuesNameTheKey() {
        BatchConfig c = BatchConfig.from(Settings.empty().with("archive.flush.interval", "500ms").with("batch.cutoff.align", "day"));
        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.cutoffAlignedToDay()).isTrue();

        assertThatThrownBy(() -> BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("batch.invalid.max.share");
        assertThatThrownBy(() -> BatchConfig.from(Settings.empty().with("batch.cutoff.align", "week")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("batch.cutoff.align");
    }
}
