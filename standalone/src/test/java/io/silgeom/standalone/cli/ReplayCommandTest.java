package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.silgeom.core.article.Source;
import io.silgeom.ingest.collect.InputFormat;
import io.silgeom.ingest.collect.Progress;
import io.silgeom.ingest.collect.ReplayOptions;
import io.silgeom.ingest.collect.TimeShift;
import io.silgeom.ingest.publish.PublishStats;
import picocli.CommandLine;

class ReplayCommandTest {
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private CommandLine silgeom() {
        CommandLine cmd = SilgeomCommand.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd;
    }

    private Path file(String name) throws IOException {
        return Files.writeString(dir.resolve(name), "{}\n");
    }

    @Test
    void everyOptionReachesTheReplayOptions() throws IOException {
        Path file = file("tweets.data");
        CommandLine cmd = silgeom();
        ReplayCommand replay = cmd.getSubcommands().get("replay").getCommand();
        cmd.parseArgs("replay", file.toString(), "--format", "csv", "--map", "body=text", "--map",
                "author=user.screen_name", "--source", "social", "--lang", "en", "--rate", "250", "--time-shift",
                "none", "--bootstrap", "kafka:9092", "--site", "x", "--id-prefix", "x-", "--max-gap", "10m",
                "--limit", "1000");

        ReplayOptions options = replay.replayOptions();

        assertThat(options.format()).isEqualTo(InputFormat.CSV);
        assertThat(options.fieldMap()).containsExactly(Map.entry("body", "text"), Map.entry("author", "user.screen_name"));
        assertThat(options.defaultSource()).isEqualTo(Source.SOCIAL);
        assertThat(options.defaultLang()).isEqualTo("en");
        assertThat(options.rate()).isEqualTo(250.0);
        assertThat(options.speedup()).isNull();
        assertThat(options.timeShift()).isEqualTo(TimeShift.NONE);
        assertThat(options.defaultSite()).isEqualTo("x");
        assertThat(options.idPrefix()).isEqualTo("x-");
        assertThat(options.maxGap()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.limit()).isEqualTo(1000L);
        assertThat(replay.kafka.bootstrap).isEqualTo("kafka:9092");
    }

    @Test
    void defaultsShiftToNowAsFastAsPossibleWithTheFormatFromTheFileName() throws IOException {
        CommandLine cmd = silgeom();
        ReplayCommand replay = cmd.getSubcommands().get("replay").getCommand();
        cmd.parseArgs("replay", file("articles.jsonl.gz").toString());

        ReplayOptions options = replay.replayOptions();

        assertThat(options.format()).isEqualTo(InputFormat.JSONL);
        assertThat(options.timeShift()).isEqualTo(TimeShift.NOW);
        assertThat(options.speedup()).isNull();
        assertThat(options.rate()).isNull();
        assertThat(options.fieldMap()).isEmpty();
    }

    @Test
    void speedupAndRateTogetherAreAUsageError() throws IOException {
        int exit = silgeom().execute("replay", file("a.jsonl").toString(), "--speedup", "60", "--rate", "100");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom replay: Error: --speedup=N, --rate=N are mutually exclusive");
    }

    @Test
    void aMappingWithoutEqualsSignIsAUsageError() throws IOException {
        int exit = silgeom().execute("replay", file("a.jsonl").toString(), "--map", "author");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom replay: --map expects field=column, got: author");
    }

    @Test
    void aMappingToAnUnknownFieldNamesTheFields() throws IOException {
        assertThat(silgeom().execute("replay", file("a.jsonl").toString(), "--map", "headline=title")).isEqualTo(2);
        assertThat(err.toString()).contains("'headline' is not an article field; fields: id, source");
    }

    @Test
    void aMissingFileIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("nope.jsonl");

        assertThat(silgeom().execute("replay", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom replay: file not found: " + missing.toAbsolutePath());
    }

    @Test
    void valuesOutsideTheirListAreUsageErrors() throws IOException {
        String file = file("a.jsonl").toString();
        assertThat(silgeom().execute("replay", file, "--lang", "kr")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--lang': must be ko or en, got: kr");
        assertThat(silgeom().execute("replay", file, "--source", "blog")).isEqualTo(2);
        assertThat(silgeom().execute("replay", file, "--format", "xml")).isEqualTo(2);
        assertThat(silgeom().execute("replay", file, "--time-shift", "later")).isEqualTo(2);
        assertThat(silgeom().execute("replay", file, "--speedup", "0")).isEqualTo(2);
        assertThat(silgeom().execute("replay", file, "--profile", "prod")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--profile': must be embedded or cluster, got: prod");
        // A file whose name does not say its format needs --format.
        assertThat(silgeom().execute("replay", file("dump.txt").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("pass --format jsonl|csv|tsv");
    }

    @Test
    void theSummarySaysWhatWasReadPublishedAndAcknowledged() {
        Progress last = new Progress(5, 4, 1, 400, 400, Duration.ofMillis(2500), 1.6, true);

        assertThat(ReplayCommand.summary(Path.of("/data/a.jsonl"), last, new PublishStats(5, 5, 0, null), false))
                .isEqualTo("replay a.jsonl: 5 rows, 4 published, 1 dead-lettered in 2s (2 records/s); "
                        + "Kafka acknowledged 5 of 5");
    }

    @Test
    void theSummaryNamesWhyRowsWereDeadLetteredAndCountsRepeatedIds() {
        Progress last = new Progress(5, 3, 2, 400, 400, Duration.ofMillis(2500), 1.6, true);

        assertThat(ReplayCommand.summary(Path.of("/data/a.jsonl"), last, new PublishStats(5, 5, 0, null), false,
                Map.of("publishedAt: missing", 1L, "body: too large", 1L), 3))
                .isEqualTo("replay a.jsonl: 5 rows, 3 published, 2 dead-lettered (body: too large: 1, publishedAt: "
                        + "missing: 1), 3 duplicate ids (sent; counted once) in 2s (2 records/s); Kafka acknowledged 5 of 5");
    }

    @Test
    void anyRecordKafkaDidNotAcknowledgeFailsTheCommand() {
        ReplayCommand.requireAllAcknowledged(new PublishStats(5, 5, 0, null));

        assertThatIllegalStateException()
                .isThrownBy(() -> ReplayCommand.requireAllAcknowledged(new PublishStats(5, 3, 2, "TimeoutException: x")))
                .withMessage("2 of 5 records were not acknowledged by Kafka; last error: TimeoutException: x");
        assertThatIllegalStateException()
                .isThrownBy(() -> ReplayCommand.requireAllAcknowledged(new PublishStats(5, 4, 0, null)))
                .withMessageStartingWith("1 of 5 records were not acknowledged");
    }
}
