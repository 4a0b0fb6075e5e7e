package io.silgeom.serving.api;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/admin/batch} and {@code POST /api/v1/admin/rebuild-speed}: bearer token, then the injected
 * action. 401 without a bearer token, 403 with a wrong one or when {@code serving.admin.token} is empty, 503 when no
 * action is configured, 409 when the action says it is already running, 202 when it started.
 */
final class AdminEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoint.class);

    private final AdminAuth auth;
    private final AdminActions actions;
    private final Clock clock;

    AdminEndpoint(String token, AdminActions actions, Clock clock) {
        this.auth = new AdminAuth(token);
        this.actions = Objects.requireNonNull(actions, "actions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void batch(Context ctx) {
        run(ctx, "batch", actions.batch());
    }

    void rebuildSpeed(Context ctx) {
        run(ctx, "rebuild-speed", actions.speedRebuild());
    }

    private void run(Context ctx, String name, Optional<Runnable> action) {
        switch (auth.check(ctx.header("Authorization"))) {
            case DISABLED -> {
                ctx.status(403).json(Map.of("error", "admin endpoints are disabled: serving.admin.token is not set"));
                return;
            }
            case MISSING -> {
                ctx.header("WWW-Authenticate", "Bearer");
                ctx.status(401).json(Map.of("error", "Authorization: Bearer <serving.admin.token> required"));
                return;
            }
            case WRONG -> {
                LOG.warn("admin {}: wrong bearer token from {}", name, ctx.ip());
                ctx.status(403).json(Map.of("error", "wrong admin token"));
                return;
            }
            case ALLOWED -> {
                // go on
            }
        }
        if (action.isEmpty()) {
            ctx.status(503).json(Map.of("error", "admin action " + name + " is not available in this process"));
            return;
        }
        try {
            action.get().run();
        } catch (IllegalStateException e) {
            ctx.status(409).json(Map.of("error", name + ": " + e.getMessage()));
            return;
        }
        LOG.info("admin {}: started on request from {}", name, ctx.ip());
        ctx.status(202).json(Map.of("accepted", name, "at", clock.instant().toString()));
    }
}
