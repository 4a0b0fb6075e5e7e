package io.silgeom.standalone.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a command that runs until told otherwise is told: Ctrl-C (SIGINT, SIGTERM) through a shutdown hook, or the
 * command itself (e.g. a replay that must not go on after Kafka lost a record).
 *
 * <p>{@link #stop()} runs the action given to {@link #onStop} (e.g. {@code replay::stop}) and releases
 * {@link #await()}. The shutdown hook stops, then waits until {@link #close()} says the command has cleaned up
 * (publisher flushed, service closed): the JVM halts as soon as its hooks return, so without that wait Ctrl-C would
 * lose what was not yet flushed. Open it before the resources it must outlive, so it is closed after them.
 */
final class StopSwitch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSwitch.class);
    /** Longer than the publisher's default close timeout (30 s) and the speed layer's, shorter than an operator's patience. */
    static final Duration CLEAN_UP_WAIT = Duration.ofSeconds(90);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);
    private final Thread hook;
    private volatile Runnable action;

    StopSwitch(String hookThreadName) {
        this.hook = new Thread(this::stopOnSignal, hookThreadName);
    }

    /** A switch that Ctrl-C also flips. */
    static StopSwitch onShutdown(String hookThreadName) {
        StopSwitch stop = new StopSwitch(hookThreadName);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /**
     * What {@link #stop()} does; runs at once when a stop came first (Ctrl-C during start-up). It may run twice in a
     * race between the two, so it must be idempotent, as {@code stop()} methods of collectors are.
     */
    void onStop(Runnable stopAction) {
        this.action = stopAction;
        if (stopRequested()) {
            stopAction.run();
        }
    }

    /** Asks the command to stop; callable from any thread, any number of times. */
    void stop() {
        stopRequested.countDown();
        Runnable a = action;
        if (a != null) {
            a.run();
        }
    }

    boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    void await() throws InterruptedException {
        stopRequested.await();
    }

    /** @return true when a stop was requested within {@code timeout} */
    boolean await(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The command has cleaned up: a waiting shutdown hook may return (and the JVM halt). */
    @Override
    public void close() {
        cleanedUp.countDown();
        try {
            // false for a switch made without onShutdown (tests): nothing to remove.
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and returns now that cleanedUp is counted down.
            LOG.debug("shutdown in progress; {} returns", hook.getName());
        }
    }

    private void stopOnSignal() {
        LOG.info("stop requested by a signal: stopping cleanly");
        stop();
        try {
            if (!cleanedUp.await(CLEAN_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.error("still cleaning up after {} s; exiting anyway: records not yet acknowledged may be lost",
                        CLEAN_UP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
