package io.silgeom.standalone.cli;

import java.nio.file.Path;

import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.Settings;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --config FILE} and {@code --profile embedded|cluster}, shared by every command that talks to Kafka, Redis or
 * HDFS. Precedence, highest first: the command's own options (e.g. {@code --bootstrap}), {@code SILGEOM_*}
 * environment variables, the file, the profile (see {@link Settings}).
 */
final class ConfigOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with Silgeom settings (kafka.bootstrap.servers, redis.host, redis.port, "
                    + "hdfs.root, ...); SILGEOM_* environment variables override it, e.g. SILGEOM_REDIS_PORT.")
    Path file;

    @Option(names = "--profile", defaultValue = Settings.PROFILE_EMBEDDED, paramLabel = "PROFILE",
            converter = ProfileConverter.class,
            description = "embedded (this machine, local filesystem as HDFS, MapReduce in this JVM) or cluster "
                    + "(HDFS, YARN and Kafka from the cluster profile and HADOOP_CONF_DIR).")
    String profile;

    /**
     * The settings of the profile, the file and the environment.
     *
     * @throws ParameterException when the file is missing or unreadable: a wrong {@code --config} is bad usage
     */
    Settings settings() {
        try {
            return Settings.load(profile, file);
        } catch (ConfigException e) {
            throw new ParameterException(command.commandLine(), e.getMessage(), e);
        }
    }

    boolean clusterProfile() {
        return Settings.PROFILE_CLUSTER.equals(profile);
    }

    /** Checked while parsing, so a typo fails before anything connects anywhere. */
    static final class ProfileConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals(Settings.PROFILE_EMBEDDED) && !value.equals(Settings.PROFILE_CLUSTER)) {
                throw new TypeConversionException("must be embedded or cluster, got: " + value);
            }
            return value;
        }
    }
}
