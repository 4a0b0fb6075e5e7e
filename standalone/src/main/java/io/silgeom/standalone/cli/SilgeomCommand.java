package io.silgeom.standalone.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code silgeom} command. Run through {@code ./silgeom} at the repository root, which builds on first use.
 *
 * <p>Exit codes: 0 success, 1 the command failed (one line on stderr; the stack trace is logged at DEBUG), 2 bad
 * usage.
 */
@Command(name = "silgeom",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Real-time trending keywords over news and social posts (lambda architecture on Kafka, "
                + "Hadoop and Redis).",
        subcommands = {DemoCommand.class, ReplayCommand.class, GenerateCommand.class, BatchCommand.class,
                StatusCommand.class, ServeCommand.class, SpeedCommand.class, ArchiveCommand.class, FilterCommand.class,
                HiveDdlCommand.class, CollectCommand.class})
public final class SilgeomCommand implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // Hadoop and Jetty log through java.util.logging in places: send it to logback like everything else.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(commandLine().execute(args));
    }

    /** The command line with Silgeom's error handling: one line per failure, no stack traces. */
    public static CommandLine commandLine() {
        return new CommandLine(new SilgeomCommand())
                .setExecutionExceptionHandler(new OneLineFailureHandler())
                .setParameterExceptionHandler(new UsageErrorHandler());
    }

    /** {@code silgeom} alone is a usage error that lists the subcommands. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
