package io.silgeom.batch.schedule;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a run as it ended.
 *
 * @param took     from the first attempt's start to the last attempt's end (retry delays included)
 * @param attempts 1 when it succeeded (or failed) at once; more when {@code batch.step.retries} retried it
 * @param error    why the last attempt failed; empty when the step succeeded
 */
public record StepResult(BatchStep step, Duration took, int attempts, Optional<String> error) {
    public StepResult {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(took, "took");
        Objects.requireNonNull(error, "error");
    }

    public boolean succeeded() {
        return error.isEmpty();
    }
}
