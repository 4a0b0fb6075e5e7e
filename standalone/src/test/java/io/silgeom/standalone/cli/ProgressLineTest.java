package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.silgeom.ingest.collect.Progress;

class ProgressLineTest {
    private final StringWriter err = new StringWriter();

    private static Progress fileProgress(long published, long bytes, Duration elapsed, boolean finished) {
        return new Progress(published + 1, published, 1, bytes, 1000, elapsed, 812.4, finished);
    }

    @Test
    void aFileReplayShowsBarPercentCountsRateAndEta() {
        // A quarter of the bytes in 10 s: three quarters left, 30 s.
        assertThat(ProgressLine.describe(fileProgress(12345, 250, Duration.ofSeconds(10), false)))
                .isEqualTo("[#####...............]  25.0%  12,345 published  1 dead-lettered  812 rec/s  ETA 30s");
        assertThat(ProgressLine.describe(fileProgress(20000, 1000, Duration.ofSeconds(185), true)))
                .isEqualTo("[####################] 100.0%  20,000 published  1 dead-lettered  812 rec/s  done in 3m05s");
    }

    @Test
    void aStreamOfUnknownSizeShowsCountsRateAndElapsedTime() {
        Progress p = new Progress(500, 500, 0, 0, Progress.UNKNOWN_TOTAL, Duration.ofMinutes(127), 9.6, false);

        assertThat(ProgressLine.describe(p)).isEqualTo("500 published  10 rec/s  elapsed 2h07m");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndedOnce() {
        ProgressLine line = new ProgressLine("replay", new PrintWriter(err), true);

        line.onProgress(fileProgress(12345, 250, Duration.ofSeconds(10), false));
        line.onProgress(fileProgress(2, 500, Duration.ofSeconds(11), false));
        line.onProgress(fileProgress(3, 1000, Duration.ofSeconds(12), true));

        String[] draws = err.toString().split("\r", -1);
        assertThat(draws).hasSize(4);
        // The shorter second line is padded over the tail of the first.
        assertThat(draws[2]).hasSameSizeAs(draws[1]).endsWith("  ");
        assertThat(draws[3]).startsWith("replay [####################]").endsWith(System.lineSeparator());
    }

    @Test
    void withoutATerminalALineEveryFiveSecondsAndNoneAtTheEnd() {
        ProgressLine line = new ProgressLine("generate", new PrintWriter(err), false);

        for (int second = 1; second <= 12; second++) {
            line.onProgress(new Progress(second, second, 0, 0, Progress.UNKNOWN_TOTAL, Duration.ofSeconds(second), 1, false));
        }
        line.onProgress(new Progress(12, 12, 0, 0, Progress.UNKNOWN_TOTAL, Duration.ofSeconds(12), 1, true));

        assertThat(err.toString().lines()).containsExactly(
                "generate 5 published  1 rec/s  elapsed 5s",
                "generate 10 published  1 rec/s  elapsed 10s");
    }

    @Test
    void aNewPhaseRestartsTheFiveSecondClock() {
        ProgressLine line = new ProgressLine("generate", new PrintWriter(err), false);
        line.onProgress(new Progress(9, 9, 0, 0, Progress.UNKNOWN_TOTAL, Duration.ofSeconds(9), 1, false));

        line.onProgress(new Progress(1, 1, 0, 0, Progress.UNKNOWN_TOTAL, Duration.ofSeconds(2), 1, false));
        line.onProgress(new Progress(5, 5, 0, 0, Progress.UNKNOWN_TOTAL, Duration.ofSeconds(5), 1, false));

        assertThat(err.toString().lines()).containsExactly(
                "generate 9 published  1 rec/s  elapsed 9s",
                "generate 5 published  1 rec/s  elapsed 5s");
    }
}
