package io.silgeom.standalone.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the embedded stack listens and keeps its files.
 *
 * @param kafkaPort Kafka client port on 127.0.0.1; 0 picks a free port
 * @param redisPort Redis port on 127.0.0.1; 0 picks a free port
 * @param workDir   root of everything the stack writes (see {@link WorkDirLayout}); kept between runs
 */
public record EmbeddedOptions(int kafkaPort, int redisPort, Path workDir) {
    /** Port value meaning "pick any free port". */
    public static final int ANY_FREE_PORT = LocalPorts.ANY_FREE;

    public EmbeddedOptions {
        requirePort("kafka", kafkaPort);
        requirePort("redis", redisPort);
        Objects.requireNonNull(workDir, "workDir");
    }

    private static void requirePort(String service, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(service + " port must be 0 (any free port) or 1-65535, got: " + port);
        }
    }
}
