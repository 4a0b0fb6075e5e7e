package io.silgeom.standalone.embedded;

/** Stopping part of the embedded stack failed; the first failure is the cause, later ones are suppressed. */
public final class StackShutdownException extends RuntimeException {
    StackShutdownException(Exception cause) {
        super("embedded stack did not stop cleanly: " + cause.getMessage(), cause);
    }
}
