package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class BatchCommandTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-25T14:37:12Z"), ZoneOffset.UTC);

    private final StringWriter err = new StringWriter();
    private final CommandLine cmd = SilgeomCommand.commandLine();
    private final BatchCommand batch = cmd.getSubcommands().get("batch").getCommand();

    BatchCommandTest() {
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        batch.clock = NOW;
    }

    @Test
    void theCutoffIsTheEndOfTheDateTheCurrentHourOrTheConfiguredDefault() {
        assertThat(parsed("--date", "2026-11-24").cutoff()).hasValue(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(parsed("--now").cutoff()).hasValue(Instant.parse("2026-11-25T14:00:00Z"));
        assertThat(parsed("--cutoff", "2026-11-25T09:00:00Z").cutoff()).hasValue(Instant.parse("2026-11-25T09:00:00Z"));
        // None of them: batch.cutoff.align decides, inside BatchRun.
        assertThat(parsed().cutoff()).isEqualTo(Optional.empty());
    }

    /** A fresh command line per parse: picocli keeps an argument group's instance across parses of one command line. */
    private static BatchCommand parsed(String... args) {
        CommandLine fresh = SilgeomCommand.commandLine();
        BatchCommand command = fresh.getSubcommands().get("batch").getCommand();
        command.clock = NOW;
        fresh.parseArgs(Stream.concat(Stream.of("batch"), Arrays.stream(args)).toArray(String[]::new));
        return command;
    }

    @Test
    void aDateThatIsNotADateIsAUsageError() {
        assertThat(cmd.execute("batch", "--date", "2026-13-01")).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("silgeom batch: Invalid value for option '--date': expected a date as YYYY-MM-DD, got: 2026-13-01");
    }

    @Test
    void aDayThatIsNotOverIsRefusedBeforeAnythingRuns() {
        // Today's cutoff is tomorrow 00:00, after the current hour: the speed layer would count today as late.
        assertThat(cmd.execute("batch", "--date", "2026-11-25")).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom batch: --date 2026-11-25: the day is not over yet "
                + "(cutoff 2026-11-26T00:00:00Z is after the current hour 2026-11-25T14:00:00Z)");
    }

    @Test
    void aCutoffMustBeAWholePastHour() {
        assertThat(cmd.execute("batch", "--cutoff", "2026-11-25T09:30:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("must be a whole UTC hour such as 2026-11-25T09:00:00Z");

        err.getBuffer().setLength(0);
        assertThat(cmd.execute("batch", "--cutoff", "2026-11-25T15:00:00Z")).isEqualTo(2);
        assertThat(err.toString()).contains("--cutoff 2026-11-25T15:00:00Z is after the current hour");
    }

    @Test
    void theWaysOfGivingTheCutoffExcludeEachOther() {
        assertThat(cmd.execute("batch", "--date", "2026-11-24", "--now")).isEqualTo(2);
        assertThat(err.toString()).contains("mutually exclusive");
    }

    @Test
    void historyListsTheRecordedRunsNewestFirstAndRunsNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path work)
            throws Exception {
        java.nio.file.Path reports = work.resolve("hdfs/silgeom/reports/batch");
        java.nio.file.Files.createDirectories(reports);
        for (String v : new String[] {"20261124T0000Z-1", "20261125T0000Z-2"}) {
            io.silgeom.batch.schedule.BatchReport r = new io.silgeom.batch.schedule.BatchReport(v,
                    Instant.parse("2026-11-25T00:00:00Z"), Instant.EPOCH, Instant.EPOCH.plusMillis(1500), Optional.empty(),
                    Optional.empty(), java.util.Map.of(), false, io.silgeom.batch.job.KeywordHourlyCounts.NONE, 0.05,
                    java.util.List.of(), "view", Optional.empty(), 0, Optional.empty(), Optional.empty(), java.util.List.of(),
                    Optional.empty());
            java.nio.file.Files.writeString(reports.resolve(v + ".json"), io.silgeom.batch.schedule.BatchReportJson.encode(r));
        }
        StringWriter out = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));

        assertThat(cmd.execute("batch", "--history", "--work-dir", work.toString())).isZero();

        assertThat(out.toString().lines().toList()).hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0)).startsWith("20261125T0000Z-2  ok").contains("1500 ms"));
    }
}
