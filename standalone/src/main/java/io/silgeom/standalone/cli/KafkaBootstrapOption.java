package io.silgeom.standalone.cli;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap HOST:PORT}, shared by the commands that produce to Kafka (the collectors, replay, the generator):
 * the one setting people pass on the command line to reach a running demo, so it is an option rather than only
 * {@code --config} or {@code SILGEOM_KAFKA_BOOTSTRAP_SERVERS}.
 */
final class KafkaBootstrapOption {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers; overrides kafka.bootstrap.servers and SILGEOM_KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrap;

    /** {@code settings} with {@code --bootstrap} in place of {@code kafka.bootstrap.servers}, when it was given. */
    Settings applyTo(Settings settings) {
        return bootstrap == null ? settings : settings.with(CoreConfig.KAFKA_BOOTSTRAP.name(), bootstrap);
    }
}
