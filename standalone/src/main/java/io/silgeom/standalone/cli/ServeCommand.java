package io.silgeom.standalone.cli;

import java.time.Clock;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code silgeom serve}: the serving layer as its own process (REST API, server-sent events, /metrics, dashboard), as
 * in {@code silgeom demo}, until Ctrl-C. It reads Redis only; the batch and speed layers run elsewhere, so the admin
 * endpoints that would start them here are off.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Run the serving layer (REST API under /api/v1, dashboard at /, /metrics) on Redis until Ctrl-C.",
                "Example: silgeom serve --profile cluster --config silgeom.properties --port 8080"})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    static final String STOP_THREAD_NAME = "silgeom-serve-stop";

    @Mixin
    ConfigOptions config;

    @Option(names = "--port", paramLabel = "PORT",
            description = "HTTP port; overrides serving.port (default 8080); 0 picks a free port.")
    Integer port;

    @Override
    public Integer call() throws Exception {
        Settings settings = config.settings();
        if (port != null) {
            settings = settings.with(ServingConfig.PORT.name(), port.toString());
        }
        CoreConfig core = CoreConfig.from(settings);
        ServingConfig serving = ServingConfig.from(settings);
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             ServingLayer layer = ServingLayer.start(serving, core, AdminActions.NONE, Clock.systemUTC())) {
            LOG.info("serving layer started: api: http://localhost:{}/api/v1, dashboard: http://localhost:{}/, "
                    + "redis: {}:{}; Ctrl-C stops it", layer.port(), layer.port(), core.redisHost(), core.redisPort());
            stop.await();
        }
        LOG.info("serving layer stopped");
        return 0;
    }
}
