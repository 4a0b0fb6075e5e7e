package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class DemoCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine silgeom() {
        CommandLine cmd = SilgeomCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd;
    }

    @Test
    void defaultsAreThoseScriptsAndDocsPromise() {
        CommandLine cmd = silgeom();
        DemoCommand demo = cmd.getSubcommands().get("demo").getCommand();
        cmd.parseArgs("demo");

        assertThat(demo.demoOptions()).isEqualTo(new DemoOptions(8080, true, Duration.ofMinutes(2)));
        assertThat(demo.demoOptions().apiUrl()).isEqualTo("http://localhost:8080/api/v1");
        assertThat(demo.embeddedOptions().kafkaPort()).isZero();
        assertThat(demo.embeddedOptions().redisPort()).isZero();
        assertThat(demo.embeddedOptions().workDir()).isEqualTo(Path.of("./var"));
    }

    @Test
    void everyOptionNameScriptsRelyOnIsAccepted() {
        CommandLine cmd = silgeom();
        DemoCommand demo = cmd.getSubcommands().get("demo").getCommand();
        cmd.parseArgs("demo", "--port", "9090", "--kafka-port", "19092", "--redis-port", "16379",
                "--work-dir", "/tmp/sg", "--no-generator", "--batch-every", "90s");

        assertThat(demo.demoOptions()).isEqualTo(new DemoOptions(9090, false, Duration.ofSeconds(90)));
        assertThat(demo.embeddedOptions().kafkaPort()).isEqualTo(19092);
        assertThat(demo.embeddedOptions().redisPort()).isEqualTo(16379);
        assertThat(demo.embeddedOptions().workDir()).isEqualTo(Path.of("/tmp/sg"));
    }

    @Test
    void badValuesAreAUsageErrorWithOneClearLineAndExitCode2() {
        assertThat(silgeom().execute("demo", "--batch-every", "soon")).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom demo: Invalid value for option '--batch-every': not a duration");

        err.getBuffer().setLength(0);
        // Checked before anything starts: no broker is started for a command line that is wrong.
        assertThat(silgeom().execute("demo", "--port", "0")).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom demo: --port must be 1-65535, got: 0");

        err.getBuffer().setLength(0);
        assertThat(silgeom().execute("demo", "--kafka-port", "70000")).isEqualTo(2);
        assertThat(err.toString()).contains("kafka port must be 0 (any free port) or 1-65535, got: 70000");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(silgeom().execute()).isEqualTo(2);
        assertThat(err.toString()).startsWith("silgeom: Missing required subcommand");
    }

    @Test
    void helpListsTheDemoOptions() {
        assertThat(silgeom().execute("demo", "--help")).isZero();
        assertThat(out.toString()).contains("--port", "--kafka-port", "--redis-port", "--work-dir", "--no-generator",
                "--batch-every", "Default: ./var");
    }

    @Test
    void failuresAreDescribedOnOneLineWithTheUsefulMessage() {
        assertThat(OneLineFailureHandler.describe(new IllegalStateException("kafka port 127.0.0.1:9092 is\n  in use")))
                .isEqualTo("kafka port 127.0.0.1:9092 is in use");
        // Wrappers that only say "execution failed" give way to their cause.
        assertThat(OneLineFailureHandler.describe(new ExecutionException(new IllegalStateException("topic exists"))))
                .isEqualTo("topic exists");
        assertThat(OneLineFailureHandler.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
