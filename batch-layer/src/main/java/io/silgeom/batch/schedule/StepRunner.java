package io.silgeom.batch.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step's body with retries: a failed attempt is retried up to {@code retries} times after
 * {@code retryDelay} (a job that lost a node, Redis restarting), except a permanent failure (the input check: the
 * same input fails the same way). Times the step, tells the listener, records the result in the run state.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    /** Called before every attempt; a test makes an attempt fail by throwing. */
    @FunctionalInterface
    interface Interceptor {
        Interceptor NONE = (step, attempt) -> {
        };

        void beforeAttempt(BatchStep step, int attempt) throws Exception;
    }

    private final BatchSteps steps;
    private final BatchProgressListener listener;
    private final Clock clock;
    private final int retries;
    private final Duration retryDelay;
    private final Interceptor interceptor;

    StepRunner(BatchSteps steps, BatchProgressListener listener, Clock clock, int retries, Duration retryDelay,
               Interceptor interceptor) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retries = retries;
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.interceptor = Objects.requireNonNull(interceptor, "interceptor");
    }

    /**
     * @return true when the step succeeded (possibly after retries); false when it failed, recorded in {@code state}
     */
    boolean run(BatchStep step, RunState state, int percentBefore, int percentAfter) {
        listener.stepStarted(step, percentBefore);
        Instant start = clock.instant();
        for (int attempt = 1; ; attempt++) {
            String reason;
            boolean permanent;
            try {
                interceptor.beforeAttempt(step, attempt);
                steps.run(step, state);
                Duration took = Duration.between(start, clock.instant());
                state.record(new StepResult(step, took, attempt, Optional.empty()));
                listener.stepFinished(step, took, percentAfter);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reason = e.toString();
                permanent = true; // shutting down: do not retry
            } catch (BatchSteps.StepFailure e) {
                reason = e.getMessage();
                permanent = e.permanent;
            } catch (Exception e) {
                reason = e.toString();
                permanent = false;
            }
            if (permanent || attempt > retries || !pause()) {
                Duration took = Duration.between(start, clock.instant());
                state.record(new StepResult(step, took, attempt, Optional.of(reason)));
                listener.stepFailed(step, took, reason);
                return false;
            }
            LOG.warn("batch run {}: step {} failed (attempt {} of {}), retrying in {}: {}", state.version,
                    step.wireName(), attempt, retries + 1, retryDelay, reason);
            listener.stepRetrying(step, attempt, reason);
        }
    }

    private boolean pause() {
        if (retryDelay.isZero()) {
            return true;
        }
        try {
            Thread.sleep(retryDelay.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
