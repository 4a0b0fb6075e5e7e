package io.silgeom.serving.api;

import java.util.Optional;

/**
 * What the admin endpoints start; the process that embeds the serving layer supplies them. Each action must start
 * its work and return promptly (e.g. trigger the scheduler's batch job); it may throw
 * {@link IllegalStateException} to say "already running" (409). A null action answers 503.
 *
 * @param runBatch     {@code POST /api/v1/admin/batch}: one batch run now
 * @param rebuildSpeed {@code POST /api/v1/admin/rebuild-speed}: rebuild the speed view from the batch offsets
 */
public record AdminActions(Runnable runBatch, Runnable rebuildSpeed) {
    /** No admin actions: both endpoints answer 503. */
    public static final AdminActions NONE = new AdminActions(null, null);

    public Optional<Runnable> batch() {
        return Optional.ofNullable(runBatch);
    }

    public Optional<Runnable> speedRebuild() {
        return Optional.ofNullable(rebuildSpeed);
    }
}
