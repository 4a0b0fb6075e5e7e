package io.silgeom.standalone.cli;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code silgeom demo} runs on top of the embedded stack.
 *
 * @param httpPort         port of the REST API and the dashboard
 * @param generatorEnabled whether the synthetic article generator publishes to Kafka
 * @param batchEvery       how often the scheduler runs the batch steps (the nightly run, compressed for a demo)
 */
public record DemoOptions(int httpPort, boolean generatorEnabled, Duration batchEvery) {
    public DemoOptions {
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("--port must be 1-65535, got: " + httpPort);
        }
        Objects.requireNonNull(batchEvery, "batchEvery");
        if (batchEvery.isNegative() || batchEvery.isZero()) {
            throw new IllegalArgumentException("--batch-every must be longer than 0, got: " + batchEvery);
        }
    }

    /** {@code http://localhost:<port>/api/v1}. */
    public String apiUrl() {
        return "http://localhost:" + httpPort + "/api/v1";
    }

    /** {@code http://localhost:<port>/}. */
    public String dashboardUrl() {
        return "http://localhost:" + httpPort + "/";
    }
}
