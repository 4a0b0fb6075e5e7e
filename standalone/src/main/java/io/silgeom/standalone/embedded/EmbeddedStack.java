package io.silgeom.standalone.embedded;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;

/**
 * Everything {@code silgeom demo} needs besides Silgeom itself, on one machine: a Kafka broker in this JVM, a
 * redis-server child process, the local filesystem as HDFS and LocalJobRunner for MapReduce, all under one work
 * directory (see {@link WorkDirLayout}).
 *
 * <p>{@link #start} starts Kafka, then Redis, then creates the articles topic and its dead-letter topic. If any step
 * fails, what had already started is stopped before the exception leaves {@code start}. Services built on top (speed
 * consumer, archiver, web server, scheduler) are handed to {@link #track} as they start, so that {@link #close()}
 * stops them first and Kafka and Redis last, in reverse start order.
 */
public final class EmbeddedStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
    /** The dead-letter topic takes a trickle of invalid records: one partition keeps their order. */
    static final int DLQ_PARTITIONS = 1;

    private final ShutdownSequence started = new ShutdownSequence();
    private final WorkDirLayout layout;
    private EmbeddedKafkaBroker kafka;
    private RedisServerProcess redis;
    private Settings settings;

    private EmbeddedStack(WorkDirLayout layout) {
        this.layout = layout;
    }

    /**
     * Starts the stack; returns when Kafka accepts clients, its topics exist and Redis answers PING.
     *
     * @throws IOException if a port is taken, a directory cannot be written, or a service does not come up; nothing
     *                     started by this call is left running
     */
    public static EmbeddedStack start(EmbeddedOptions options) throws IOException {
        long startNanos = System.nanoTime();
        EmbeddedStack stack = new EmbeddedStack(new WorkDirLayout(options.workDir()));
        try {
            stack.layout.create();
            stack.kafka = stack.track(EmbeddedKafkaBroker.start(options.kafkaPort(), stack.layout.kafka()));
            stack.redis = stack.track(RedisServerProcess.start(options.redisPort(), stack.layout.redis()));
            stack.settings = embeddedSettings(stack.kafka.bootstrapServers(), stack.redis.host(), stack.redis.port(),
                    HadoopLocalSettings.hdfsRoot(stack.layout));
            CoreConfig core = CoreConfig.from(stack.settings);
            Map<String, Integer> topics = new LinkedHashMap<>();
            topics.put(core.articlesTopic(), core.articlesPartitions());
            topics.put(core.dlqTopic(), DLQ_PARTITIONS);
            stack.kafka.createTopics(topics);
        } catch (IOException | RuntimeException e) {
            try {
                stack.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        LOG.info("embedded stack started: kafka: {}, redis: {}:{}, work dir: {}, took: {} ms",
                stack.kafkaBootstrap(), stack.redisHost(), stack.redisPort(), stack.workDir(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return stack;
    }

    /**
     * The {@code embedded} profile (plus {@code SILGEOM_*} environment overrides) with the addresses this stack
     * actually has; these four always win over the environment, since nothing else is listening there.
     */
    static Settings embeddedSettings(String kafkaBootstrap, String redisHost, int redisPort, URI hdfsRoot) {
        return Settings.load(Settings.PROFILE_EMBEDDED, null)
                .with(CoreConfig.KAFKA_BOOTSTRAP.name(), kafkaBootstrap)
                .with(CoreConfig.REDIS_HOST.name(), redisHost)
                .with(CoreConfig.REDIS_PORT.name(), String.valueOf(redisPort))
                .with(CoreConfig.HDFS_ROOT.name(), hdfsRoot.toString());
    }

    /**
     * Hands a started service to the stack: it is closed before everything tracked earlier (Kafka and Redis are
     * tracked first, so they close last). Returns {@code service} for chaining.
     */
    public <T extends AutoCloseable> T track(T service) {
        return started.track(service);
    }

    /** Configuration for every layer: the {@code embedded} profile pointed at this stack's Kafka, Redis and HDFS root. */
    public Settings settings() {
        return settings;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String redisHost() {
        return redis.host();
    }

    public int redisPort() {
        return redis.port();
    }

    public EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    public RedisServerProcess redis() {
        return redis;
    }

    /** The absolute work directory. */
    public Path workDir() {
        return layout.root();
    }

    public WorkDirLayout layout() {
        return layout;
    }

    /** A new Hadoop configuration for LocalJobRunner on the local filesystem; see {@link HadoopLocalSettings}. */
    public Configuration hadoopConfiguration() {
        return HadoopLocalSettings.configuration(layout);
    }

    /** {@code file:///<workdir>/hdfs/silgeom}, also set as {@code hdfs.root} in {@link #settings()}. */
    public URI hdfsRoot() {
        return HadoopLocalSettings.hdfsRoot(layout);
    }

    /**
     * Stops every tracked service in reverse start order, then Redis, then Kafka. Idempotent and safe to call from a
     * shutdown hook and a {@code finally} at once.
     *
     * @throws StackShutdownException if anything failed to stop (everything else was still stopped)
     */
    @Override
    public void close() {
        started.close();
    }
}
