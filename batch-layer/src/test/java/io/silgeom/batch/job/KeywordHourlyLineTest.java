package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KeywordHourlyLineTest {
    @Test
    void aViewLineHasSixTabSeparatedColumns() {
        KeywordHourlyLine line = KeywordHourlyLine.parse("2024050109\tko\tnews\t선거\t선거\t40");

        assertThat(line).isEqualTo(new KeywordHourlyLine("2024050109", "ko", "news", "선거", "선거", 40));
        assertThat(line.format()).isEqualTo("2024050109\tko\tnews\t선거\t선거\t40");
    }

    @Test
    void malformedLinesAreRefusedWithTheLine() {
        assertThatThrownBy(() -> KeywordHourlyLine.parse("2024050109\tko\tnews\t선거\t40"))
                .hasMessageContaining("6 tab-separated columns");
        assertThatThrownBy(() -> KeywordHourlyLine.parse("2024050109\tko\tnews\t선거\t선거\tmany"))
                .hasMessageContaining("non-numeric count");
        assertThatThrownBy(() -> KeywordHourlyLine.parse("2024050109\tko\tnews\t선거\t선거\t0"))
                .hasMessageContaining("at least 1");
    }

    @Test
    void snapshotOffsetsRoundTripThroughTheJobConfiguration() {
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        KeywordHourlyJob.configure(conf, java.time.Instant.parse("2024-05-01T10:00:00Z"),
                Map.of("silgeom.articles:1", 5L, "silgeom.articles:0", 12L));

        assertThat(conf.get(KeywordHourlyJob.CONF_OFFSETS)).isEqualTo("silgeom.articles:0=12,silgeom.articles:1=5");
        assertThat(KeywordHourlyJob.parseOffsets(conf.get(KeywordHourlyJob.CONF_OFFSETS)))
                .isEqualTo(Map.of("silgeom.articles:1", 5L, "silgeom.articles:0", 12L));
        assertThat(KeywordHourlyJob.parseOffsets("")).isEmpty();
        assertThatThrownBy(() -> KeywordHourlyJob.parseOffsets("silgeom.articles:0")).hasMessageContaining("topic:partition=offset");
    }
}
