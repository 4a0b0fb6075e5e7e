package io.silgeom.batch.schedule;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Prints one line per step event, for command-line runs:
 * <pre>
 * [ 20%] keyword_hourly ...
 * [ 40%] keyword_hourly done in 3120 ms
 * [ 60%] publish FAILED after 12 ms: redis rejected a batch view write: WRONGTYPE ...
 * </pre>
 */
public final class ProgressPrinter implements BatchProgressListener {
    private final PrintStream out;

    public ProgressPrinter(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void stepStarted(BatchStep step, int percentDone) {
        out.printf("[%3d%%] %s ...%n", percentDone, step.wireName());
    }

    @Override
    public void stepFinished(BatchStep step, Duration took, int percentDone) {
        out.printf("[%3d%%] %s done in %d ms%n", percentDone, step.wireName(), took.toMillis());
    }

    @Override
    public void stepRetrying(BatchStep step, int attempt, String reason) {
        out.printf("[RETRY] %s attempt %d failed, retrying: %s%n", step.wireName(), attempt, reason);
    }

    @Override
    public void stepFailed(BatchStep step, Duration took, String reason) {
        out.printf("[FAIL] %s failed after %d ms: %s%n", step.wireName(), took.toMillis(), reason);
    }
}
