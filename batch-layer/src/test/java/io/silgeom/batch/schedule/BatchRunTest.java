package io.silgeom.batch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class BatchRunTest {
    @Test
    void versionsSortByCutoffThenByStartAndHoldNoColon() {
        String a = BatchRun.version(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:07:00Z"));
        String b = BatchRun.version(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:09:00Z"));
        String c = BatchRun.version(Instant.parse("2024-05-01T11:00:00Z"), Instant.parse("2024-05-01T11:01:00Z"));

        assertThat(a).isEqualTo("20240501T1000Z-1714558020000");
        assertThat(a).isLessThan(b);
        assertThat(b).isLessThan(c);
        assertThat(c).doesNotContain(":");
    }

    @Test
    void aDayRunCutsAtTheFollowingUtcMidnight() {
        assertThat(BatchRun.cutoffForDate(LocalDate.parse("2024-04-30"))).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void theToolRefusesBadArgumentsWithExitCodeTwo() {
        assertThat(new BatchRunTool().run(new String[] {"--bogus"})).isEqualTo(2);
        assertThat(new BatchRunTool().run(new String[] {"--cutoff", "yesterday"})).isEqualTo(2);
        assertThat(new BatchRunTool().run(new String[] {"--date"})).isEqualTo(2);
        assertThat(new BatchRunTool().run(new String[] {"--profile", "laptop"})).isEqualTo(2);
    }
}
