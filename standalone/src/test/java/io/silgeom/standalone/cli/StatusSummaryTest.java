package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.silgeom.serving.api.ServingStatus;

class StatusSummaryTest {
    private static final Instant NOW = Instant.parse("2026-11-25T14:37:12Z");

    private static ServingStatus.Speed speed(Map<String, Long> lag, Instant updatedAt) {
        return new ServingStatus.Speed("g0", new TreeMap<>(lag), lag.values().stream().mapToLong(Long::longValue).sum(),
                1234L, 3L, 5L, 2L, updatedAt, Map.of());
    }

    @Test
    void aHealthySystemInFiveLines() throws Exception {
        ServingStatus status = new ServingStatus(NOW,
                new ServingStatus.Batch("20261125T1400Z-1", Instant.parse("2026-11-25T14:00:00Z"),
                        Instant.parse("2026-11-25T14:03:12Z"), Map.of("silgeom.articles:0", 10L)),
                new ObjectMapper().readTree("{\"version\":\"20261125T1400Z-1\",\"status\":\"succeeded\","
                        + "\"finishedAt\":\"2026-11-25T14:03:12Z\",\"durationMs\":5120,\"counts\":{\"countedArticles\":8120}}"),
                speed(Map.of("silgeom.articles:0", 3L, "silgeom.articles:1", 9L), NOW.minusSeconds(4)),
                null, false, List.of());

        assertThat(StatusSummary.format(status)).isEqualTo(String.join(System.lineSeparator(),
                "status    ok",
                "batch     version 20261125T1400Z-1, cutoff 2026-11-25T14:00:00Z, published 2026-11-25T14:03:12Z",
                "last run  succeeded: version 20261125T1400Z-1, finished 2026-11-25T14:03:12Z in 5.1s, 8,120 articles counted",
                "speed     lag 12 (silgeom.articles:0=3, silgeom.articles:1=9), reported 4s ago, generation g0",
                "counts    applied 1,234, late 5, dlq 2, duplicates 3"));
    }

    @Test
    void aFreshSystemWithAFailedRunSaysWhatIsMissingAndWhy() throws Exception {
        ServingStatus status = new ServingStatus(NOW, null,
                new ObjectMapper().readTree("{\"version\":\"v1\",\"status\":\"failed\",\"failedStep\":\"check_input\","
                        + "\"error\":\"invalid share too high\"}"),
                new ServingStatus.Speed("g0", Map.of(), 0, null, null, null, null, null, Map.of()),
                null, true, List.of("last batch run failed: invalid share too high", "the speed layer has not reported"));

        String text = StatusSummary.format(status);

        assertThat(text).contains("status    degraded: last batch run failed: invalid share too high; the speed layer has not reported");
        assertThat(text).contains("batch     none published yet (run `silgeom batch`)");
        assertThat(text).contains("last run  failed at step check_input: invalid share too high; version v1");
        assertThat(text).contains("speed     lag 0, reported never, generation g0");
        assertThat(text).contains("counts    applied ?, late ?, dlq ?, duplicates ?");
    }
}
