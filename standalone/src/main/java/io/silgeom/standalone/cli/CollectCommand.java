package io.silgeom.standalone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom collect rss|x|fuzz}: the live collectors, each a long-running process that publishes to the articles
 * topic through the edge gate (core's validation; invalid records to the DLQ with reason and source).
 */
@Command(name = "collect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Collect live news and social posts into Kafka: RSS/Atom feeds (rss), the X API v2 (x), or a "
                + "fuzz corpus that checks the edge validation of a running system (fuzz)."},
        subcommands = {CollectRssCommand.class, CollectXCommand.class, CollectFuzzCommand.class})
public final class CollectCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** {@code silgeom collect} alone is a usage error that lists the collectors. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: rss, x or fuzz");
    }
}
