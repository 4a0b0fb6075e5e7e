package io.silgeom.batch.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.batch.job.KeywordHourlyCounts;
import io.silgeom.batch.reconcile.HourDrift;
import io.silgeom.batch.reconcile.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report JSON is also the state Oozie actions hand on: it must read back to the same report. */
class BatchReportJsonTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void aReportReadsBackToItselfAndNamesItsFieldsForTheServingLayer() throws Exception {
        Reconciliation rec = new Reconciliation("v1", "3", "all:all", T.minus(Duration.ofHours(24)), T,
                List.of(new HourDrift("2024050109", 50, 49, 3, 0.06, 2)), 20, 0.05, 0.06, List.of("2024050109"), false);
        BatchReport report = new BatchReport("v1", T, T.plusSeconds(420), T.plusSeconds(425), Optional.empty(), Optional.empty(),
                Map.of("silgeom.articles:0", 12L), false, new KeywordHourlyCounts(10, 1, 1, 2, 0, 1, 1, 7, 0, 30), 0.05,
                List.of(new StepResult(BatchStep.SNAPSHOT, Duration.ofMillis(12), 1, Optional.empty()),
                        new StepResult(BatchStep.BASELINES, Duration.ofMillis(900), 2, Optional.empty())),
                "file:/v", Optional.of(new BaselineSummary(3, Optional.of(LocalDate.parse("2024-04-28")),
                        Optional.of(LocalDate.parse("2024-05-01")), 4, 6, 96)),
                22, Optional.of("v0"), Optional.of(T.minus(Duration.ofDays(1))), List.of("vX"), Optional.of(rec));

        String json = BatchReportJson.encode(report);

        assertThat(BatchReportJson.decode(json)).isEqualTo(report);
        JsonNode n = new ObjectMapper().readTree(json);
        assertThat(n.path("reconciliation").path("ok").asBoolean(true)).isFalse();
        assertThat(n.path("reconciliation").path("maxRelDrift").asDouble()).isEqualTo(0.06);
        assertThat(n.path("reconciliation").path("hours").get(0).path("relDrift").asDouble()).isEqualTo(0.06);
        assertThat(n.path("steps").get(1).path("attempts").asInt()).isEqualTo(2);
        assertThat(n.path("baselines").path("from").asText()).isEqualTo("2024-04-28");
        assertThat(n.path("features").path("rows").asLong()).isEqualTo(22);
        assertThat(n.path("previousCutoff").asText()).isEqualTo("2024-04-30T10:00:00Z");
    }

    @Test
    void somethingElseIsNotAReport() {
        assertThatThrownBy(() -> BatchReportJson.decode("{\"version\":\"v1\"}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchReportJson.decode("not json")).isInstanceOf(IllegalArgumentException.class);
    }
}
