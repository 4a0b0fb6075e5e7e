package io.silgeom.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.view.BatchCutoff;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchCutoffJsonTest {
    private static final BatchCutoff CUTOFF = new BatchCutoff("20240501T1000Z-1714557600123", Instant.parse("2024-05-01T10:00:00Z"),
            Instant.parse("2024-05-01T10:07:30.123Z"), Map.of("silgeom.articles:1", 20L, "silgeom.articles:0", 123L));

    @Test
    void theCutoffIsStoredAsOneJsonObjectWithSortedOffsets() {
        assertThat(BatchCutoffJson.encode(CUTOFF)).isEqualTo("{\"version\":\"20240501T1000Z-1714557600123\","
                + "\"cutoff\":\"2024-05-01T10:00:00Z\",\"publishedAt\":\"2024-05-01T10:07:30.123Z\","
                + "\"offsets\":{\"silgeom.articles:0\":123,\"silgeom.articles:1\":20}}");
    }

    @Test
    void whatIsWrittenReadsBackEqual() {
        assertThat(BatchCutoffJson.decode(BatchCutoffJson.encode(CUTOFF))).isEqualTo(CUTOFF);
    }

    @Test
    void somethingElseIsNotACutoff() {
        assertThatThrownBy(() -> BatchCutoffJson.decode("{\"version\":\"v\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutoff");
        assertThatThrownBy(() -> BatchCutoffJson.decode("{\"version\":\"v\",\"cutoff\":\"2024-05-01T10:30:00Z\",\"publishedAt\":\"2024-05-01T10:31:00Z\",\"offsets\":{}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hour boundary");
        assertThatThrownBy(() -> BatchCutoffJson.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
