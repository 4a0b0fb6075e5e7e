package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/**
 * The command line scripts and operators rely on (DESIGN.md §8) is read from the design document itself, so renaming an
 * option in the code, or in the document without the code, fails the build.
 */
class CommandLineOptionsTest {
    private static final Path DESIGN = Path.of(System.getProperty("basedir", ".")).resolve("../docs/DESIGN.md");
    private static final Pattern COMMAND = Pattern.compile("^silgeom\\s+([a-z]+)");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    private final StringWriter out = new StringWriter();

    @Test
    void everyOptionOfDesignSection8IsAnOptionOfItsCommand() throws IOException {
        Map<String, Set<String>> promised = optionsPromisedByDesign();
        // The parser must have found the block; an empty map would make this test pass vacuously.
        assertThat(promised.keySet()).containsExactly("demo", "replay", "batch", "status");
        assertThat(promised.get("replay")).contains("--map", "--speedup", "--rate", "--time-shift", "--bootstrap");

        CommandLine silgeom = SilgeomCommand.commandLine();
        promised.forEach((command, options) -> {
            CommandLine sub = silgeom.getSubcommands().get(command);
            assertThat(sub).as("silgeom %s", command).isNotNull();
            for (String option : options) {
                assertThat(sub.getCommandSpec().findOption(option)).as("silgeom %s %s", command, option).isNotNull();
            }
        });
        // `silgeom replay FILE`: the file is the one positional parameter.
        assertThat(silgeom.getSubcommands().get("replay").getCommandSpec().positionalParameters()).hasSize(1);
    }

    @Test
    void helpListsEverySubcommand() {
        CommandLine cmd = SilgeomCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));

        assertThat(cmd.execute("--help")).isZero();

        assertThat(cmd.getSubcommands().keySet())
                .containsExactlyInAnyOrder("demo", "replay", "generate", "batch", "status", "serve", "speed", "archive", "filter",
                        "hive-ddl", "collect");
        for (String sub : cmd.getSubcommands().keySet()) {
            assertThat(out.toString()).containsPattern("(?m)^  " + sub + "\\s");
        }
    }

    @Test
    void everyCommandHasHelpAndTheConfigurationOptions() {
        CommandLine silgeom = SilgeomCommand.commandLine();
        for (String sub : List.of("replay", "generate", "batch", "status", "serve", "speed", "archive")) {
            var spec = silgeom.getSubcommands().get(sub).getCommandSpec();
            assertThat(spec.findOption("--help")).as(sub).isNotNull();
            assertThat(spec.findOption("--config")).as(sub).isNotNull();
            assertThat(spec.findOption("--profile")).as(sub).isNotNull();
            assertThat(spec.usageMessage().description()).as(sub).isNotEmpty();
        }
        // The commands that touch HDFS find the demo's layout under the same --work-dir.
        assertThat(silgeom.getSubcommands().get("batch").getCommandSpec().findOption("--work-dir")).isNotNull();
        assertThat(silgeom.getSubcommands().get("archive").getCommandSpec().findOption("--work-dir")).isNotNull();
    }

    /** Command name → option names, from the code block after "Options that scripts and operators rely on". */
    private static Map<String, Set<String>> optionsPromisedByDesign() throws IOException {
        List<String> lines = Files.readAllLines(DESIGN);
        int i = 0;
        while (!lines.get(i).startsWith("Options that scripts and operators rely on")) {
            i++;
        }
        while (!lines.get(i).startsWith("```")) {
            i++;
        }
        Map<String, Set<String>> options = new LinkedHashMap<>();
        String command = null;
        for (i++; !lines.get(i).startsWith("```"); i++) {
            String line = lines.get(i).split("#", 2)[0].strip(); // comments describe, they promise no options
            Matcher c = COMMAND.matcher(line);
            if (c.find()) {
                command = c.group(1);
                options.put(command, new LinkedHashSet<>());
            }
            Matcher o = OPTION.matcher(line);
            while (o.find()) {
                options.get(command).add(o.group());
            }
        }
        return options;
    }
}
