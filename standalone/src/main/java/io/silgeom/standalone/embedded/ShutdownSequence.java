package io.silgeom.standalone.embedded;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Things that were started, closed in reverse start order: a service stops before what it depends on (the speed
 * consumer before Redis, the web server before the views it reads). Every close runs even if an earlier one threw;
 * the failures come back as one {@link StackShutdownException}. Closing twice is harmless.
 */
public final class ShutdownSequence implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Adds {@code resource} to be closed before everything tracked earlier; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        started.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    @Override
    public synchronized void close() {
        StackShutdownException failure = null;
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                next.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure == null) {
                    failure = new StackShutdownException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
