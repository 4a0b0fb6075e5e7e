package io.silgeom.standalone.cli;

import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that throws prints one line, {@code silgeom <sub>: <what failed>}, and exits 1. The stack trace goes to
 * the log at DEBUG: an operator reads the line, a developer turns on DEBUG.
 */
final class OneLineFailureHandler implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OneLineFailureHandler.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        String command = commandLine.getCommandSpec().qualifiedName();
        LOG.debug("{} failed", command, ex);
        commandLine.getErr().println(command + ": " + describe(ex));
        commandLine.getErr().flush();
        return commandLine.getCommandSpec().exitCodeOnExecutionException();
    }

    /** The message on one line; the cause's for wrappers that only say "something failed". */
    static String describe(Throwable ex) {
        Throwable shown = ex;
        while ((shown instanceof ExecutionException || blank(shown.getMessage())) && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = blank(shown.getMessage()) ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
