package io.silgeom.serving.snapshot;

/**
 * How far the views a snapshot reads have got, as a value that changes whenever they change: the snapshot refresher
 * reads it on every watch tick and refreshes soon after it moves ({@link RefreshTrigger}). {@link RedisViewProgress}
 * in production.
 */
@FunctionalInterface
public interface ViewProgress {
    /** Never known: snapshots then follow the refresh interval alone. */
    ViewProgress NONE = () -> null;

    /**
     * The current progress, compared with {@link Object#equals} to the one a refresh started from; null when it
     * cannot be read now (which never counts as a change). Must not throw for an unreachable store.
     */
    Object read();
}
