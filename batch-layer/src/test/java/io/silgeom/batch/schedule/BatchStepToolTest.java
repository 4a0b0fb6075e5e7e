package io.silgeom.batch.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command line the Oozie workflow's actions use; a wrong one must fail loudly, before anything runs. */
class BatchStepToolTest {
    @Test
    void aFullCommandLineParsesIntoItsParts() {
        BatchStepTool.Arguments a = BatchStepTool.parse(new String[] {"--step", "keyword_hourly", "--run-dir",
                "hdfs://nn:8020/silgeom/runs/0001", "--date", "2024-04-30", "--profile", "embedded", "--config", "/etc/silgeom.properties"});

        assertThat(a.step()).isEqualTo(BatchStep.KEYWORD_HOURLY);
        assertThat(a.runDir()).isEqualTo("hdfs://nn:8020/silgeom/runs/0001");
        assertThat(a.date()).hasValue(LocalDate.parse("2024-04-30"));
        assertThat(a.requestedCutoff()).hasValue(Instant.parse("2024-05-01T00:00:00Z"));
        assertThat(a.profile()).isEqualTo("embedded");
        assertThat(a.config()).hasValue("/etc/silgeom.properties");
    }

    @Test
    void onlyStepAndRunDirAreRequired() {
        BatchStepTool.Arguments a = BatchStepTool.parse(new String[] {"--run-dir", "/tmp/r", "--step", "report",
                "--cutoff", "2024-05-01T10:00:00Z"});

        assertThat(a.step()).isEqualTo(BatchStep.REPORT);
        assertThat(a.cutoff()).hasValue(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(a.profile()).isEqualTo("cluster");
        assertThat(a.config()).isEqualTo(Optional.empty());
        for (BatchStep step : BatchStep.NIGHTLY) {
            assertThat(BatchStepTool.parse(new String[] {"--step", step.wireName(), "--run-dir", "r"}).step()).isEqualTo(step);
        }
    }

    @Test
    void badArgumentsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--run-dir", "r"})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--step");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot"})).hasMessageContaining("--run-dir");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "bake", "--run-dir", "r"})).hasMessageContaining("bake");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "flush_archive", "--run-dir", "r"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot", "--run-dir", "r", "--date", "2024-04-30",
                "--cutoff", "2024-05-01T00:00:00Z"})).hasMessageContaining("not both");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot", "--run-dir", "r", "--cutoff",
                "2024-05-01T10:30:00Z"})).hasMessageContaining("whole UTC hour");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot", "--run-dir", "r", "--date", "yesterday"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot", "--run-dir"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot", "--run-dir", "r", "--profile", "laptop"}))
                .hasMessageContaining("--profile");
        assertThatThrownBy(() -> BatchStepTool.parse(new String[] {"--step", "snapshot", "--run-dir", "r", "--verbose", "x"}))
                .hasMessageContaining("unknown argument");
    }

    @Test
    void theToolAnswersBadArgumentsWithExitCodeTwo() throws Exception {
        assertThat(new BatchStepTool().run(new String[] {"--step", "bake", "--run-dir", "r"})).isEqualTo(2);
    }
}
