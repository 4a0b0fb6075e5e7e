package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class CollectCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine cmd = SilgeomCommand.commandLine();

    @TempDir
    Path dir;

    CollectCommandTest() {
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
    }

    @Test
    void withoutATokenCollectXRefusesToStartBeforeConnectingAnywhere() {
        assumeTrue(System.getenv("SILGEOM_X_BEARER_TOKEN") == null, "SILGEOM_X_BEARER_TOKEN is set in this environment");

        // An address where no Kafka listens: the token check must come first, so the message is about the token.
        int exit = cmd.execute("collect", "x", "--rules", "태풍", "--bootstrap", "127.0.0.1:1");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("silgeom collect x: no X API bearer token: set x.bearer.token in the "
                + "config file or SILGEOM_X_BEARER_TOKEN in the environment (an app-only token from the X developer console)");
    }

    @Test
    void collectAloneAndABadFeedsFileAreUsageErrors() throws Exception {
        assertThat(cmd.execute("collect")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand: rss, x or fuzz");

        assertThat(cmd.execute("collect", "rss", "--feeds", dir.resolve("missing.txt").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("feeds file not found: ");

        Path feeds = Files.writeString(dir.resolve("feeds.txt"), "https://a.example/rss every-now-and-then\n");
        assertThat(cmd.execute("collect", "rss", "--feeds", feeds.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("feeds.txt:1: expected an interval (5m), name=NAME or source=news|social, "
                + "got: every-now-and-then");
    }

    @Test
    void everyCollectorHasHelpAndTheConfigurationOptions() {
        for (String sub : new String[] {"rss", "x", "fuzz"}) {
            var spec = cmd.getSubcommands().get("collect").getSubcommands().get(sub).getCommandSpec();
            assertThat(spec.findOption("--help")).as(sub).isNotNull();
            assertThat(spec.findOption("--config")).as(sub).isNotNull();
            assertThat(spec.findOption("--bootstrap")).as(sub).isNotNull();
        }
    }
}
