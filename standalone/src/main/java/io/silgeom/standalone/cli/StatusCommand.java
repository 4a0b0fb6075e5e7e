package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.serving.api.ApiJson;
import io.silgeom.serving.api.ServingStatus;
import io.silgeom.serving.api.StatusReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.RedisClient;

/**
 * {@code silgeom status}: the facts of {@code GET /api/v1/status}, read from Redis by the very {@link StatusReader}
 * the API uses, so no serving process needs to run. Exit 0 when Redis answered (also when the status is degraded:
 * the status says so), 1 when it did not.
 */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Show the published batch version and cutoff, the last batch run, the speed layer's lag per "
                + "partition and its applied/late/dlq counts: the same facts as GET /api/v1/status, read from Redis.",
                "Example: SILGEOM_REDIS_PORT=6390 silgeom status --json"})
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--json", description = "Print the status as pretty JSON, as GET /api/v1/status answers it.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CoreConfig core = CoreConfig.from(config.settings());
        ServingStatus status;
        try (RedisClient redis = RedisConnection.open(core)) {
            status = new StatusReader(redis, Clock.systemUTC()).read(null);
        }
        if (status.speed() == null) {
            // StatusReader leaves speed null only when Redis failed during the read; its first reason says how.
            throw new IllegalStateException(String.join("; ", status.reasons()));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? ApiJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(status)
                : StatusSummary.format(status));
        out.flush();
        return 0;
    }
}
