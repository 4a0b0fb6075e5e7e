package io.silgeom.standalone.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code silgeom filter}: train and evaluate the content filter (hate / offensive / clean) on labelled files. */
@Command(name = "filter",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Train and evaluate the content filter (clean / offensive / hate) on labelled CSV or TSV files.",
                "See docs/content-filter.md."},
        subcommands = {FilterTrainCommand.class, FilterEvalCommand.class})
public final class FilterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** {@code silgeom filter} alone is a usage error that lists train and eval. */
    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: train or eval");
    }
}
