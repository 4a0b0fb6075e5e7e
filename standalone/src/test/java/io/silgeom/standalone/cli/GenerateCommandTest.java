package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.GeneratorOptions;
import io.silgeom.ingest.config.IngestConfig;
import picocli.CommandLine;

class GenerateCommandTest {
    private final StringWriter err = new StringWriter();
    private final CommandLine cmd = SilgeomCommand.commandLine();
    private final GenerateCommand generate = cmd.getSubcommands().get("generate").getCommand();

    GenerateCommandTest() {
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
    }

    @Test
    void optionsOverrideTheirConfigurationKeys() {
        cmd.parseArgs("generate", "--rate", "50", "--backfill", "6h", "--seed", "7", "--duration", "30m",
                "--bootstrap", "kafka:9092");

        Settings settings = generate.settings();
        IngestConfig ingest = IngestConfig.from(settings);
        GeneratorOptions options = ingest.generatorOptions();

        assertThat(options.ratePerSecond()).isEqualTo(50.0);
        // The history runs at the live rate: the trend baseline compares one with the other.
        assertThat(options.backfillRatePerSecond()).isEqualTo(50.0);
        assertThat(options.seed()).isEqualTo(7L);
        assertThat(ingest.generatorBackfill()).isEqualTo(Duration.ofHours(6));
        assertThat(generate.duration).isEqualTo(Duration.ofMinutes(30));
        assertThat(CoreConfig.from(settings).kafkaBootstrap()).isEqualTo("kafka:9092");
    }

    @Test
    void noHistoryIsAllowed() {
        cmd.parseArgs("generate", "--backfill", "0s");

        assertThat(IngestConfig.from(generate.settings()).generatorBackfill()).isZero();
    }

    @Test
    void badValuesAreUsageErrorsNamingTheKeyTheOptionSets() {
        // Checked by the key's validator before Kafka is contacted.
        assertThat(cmd.execute("generate", "--backfill", "soon")).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom generate: generator.backfill");

        err.getBuffer().setLength(0);
        assertThat(cmd.execute("generate", "--rate", "-1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom generate: generator.rate");

        assertThat(cmd.execute("generate", "--duration", "0s")).isEqualTo(2);
    }
}
