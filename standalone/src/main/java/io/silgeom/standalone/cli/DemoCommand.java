package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.DurationParser;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom demo}: the whole system on this machine, until Ctrl-C.
 *
 * <p>Starts the embedded stack (Kafka broker in this JVM, redis-server child, local filesystem as HDFS under
 * {@code --work-dir}), then the Silgeom services on top of it ({@link #startServices}), prints the Kafka bootstrap
 * address, the API URL and the dashboard URL, and waits. Ctrl-C (or SIGTERM) runs a shutdown hook that stops
 * everything in reverse start order, also when it comes during start-up; nothing is left running. The work directory is kept, so a second run continues
 * with the same topics, views and raw archive.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Run everything embedded: Kafka broker, Redis, local filesystem as HDFS, scheduler; "
                + "prints the API URL and the Kafka bootstrap address. Ctrl-C stops it all."})
public final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    static final String SHUTDOWN_THREAD_NAME = "silgeom-demo-shutdown";
    /** How long a signal during start-up waits for start-up to finish before it gives up and lets the JVM exit. */
    private static final Duration START_GRACE = Duration.ofSeconds(60);

    /** Set once the stack is up; read by the shutdown hook. */
    private final AtomicReference<EmbeddedStack> running = new AtomicReference<>();
    /** Counted down when {@link EmbeddedStack#start} has returned or thrown. */
    private final CountDownLatch startFinished = new CountDownLatch(1);
    /** Counted down by the shutdown hook; {@link #call()} waits on it. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "HTTP port of the REST API (/api/v1) and the dashboard (/).")
    int httpPort;

    @Option(names = "--kafka-port", defaultValue = "0", paramLabel = "N",
            description = "Kafka client port on 127.0.0.1; 0 picks a free port.")
    int kafkaPort;

    @Option(names = "--redis-port", defaultValue = "0", paramLabel = "N",
            description = "Redis port on 127.0.0.1; 0 picks a free port.")
    int redisPort;

    @Option(names = "--work-dir", defaultValue = "./var", paramLabel = "DIR",
            description = "Where Kafka logs, the Redis append-only file and the HDFS layout live; kept between runs.")
    Path workDir;

    @Option(names = "--no-generator",
            description = "Do not start the synthetic article generator; publish with `silgeom replay` instead.")
    boolean generatorDisabled;

    @Option(names = "--batch-every", defaultValue = "2m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the scheduler runs the batch steps (the nightly run, compressed): "
                    + "e.g. 30s, 2m, 1h.")
    Duration batchEvery;

    @Override
    public Integer call() throws Exception {
        DemoOptions demo = demoOptions();
        EmbeddedOptions embedded = embeddedOptions();
        long startNanos = System.nanoTime();
        // Registered before anything starts, so that Ctrl-C during start-up also stops what start-up started.
        Thread hook = new Thread(this::stopOnSignal, SHUTDOWN_THREAD_NAME);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            EmbeddedStack stack;
            try {
                stack = EmbeddedStack.start(embedded);
                running.set(stack);
            } finally {
                startFinished.countDown();
            }
            try (stack) {
                if (stopRequested.getCount() > 0) {
                    startServices(stack, demo);
                    printAddresses(stack, demo, Duration.ofNanos(System.nanoTime() - startNanos));
                }
                stopRequested.await();
            }
        } finally {
            removeShutdownHook(hook);
        }
        return 0;
    }

    /**
     * INTEGRATION POINT: starts the Silgeom services on the running stack. Each service is handed to
     * {@code stack.track(...)} right after it starts, so Ctrl-C and failures stop it before Kafka and Redis, in
     * reverse start order. Use {@code stack.settings()} for configuration ({@code kafka.bootstrap.servers},
     * {@code redis.host}, {@code redis.port}, {@code hdfs.root} already point at the stack) and
     * {@code stack.hadoopConfiguration()} for MapReduce. Order: speed layer, raw archiver, serving (web server on
     * {@code demo.httpPort()}), batch schedule every {@code demo.batchEvery()}, then the generator if
     * {@code demo.generatorEnabled()}. An exception here stops what was started and exits 1 with its message.
     */
    void startServices(EmbeddedStack stack, DemoOptions demo) throws Exception {
        DemoServices.start(stack, demo);
    }

    DemoOptions demoOptions() {
        try {
            return new DemoOptions(httpPort, !generatorDisabled, batchEvery);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    EmbeddedOptions embeddedOptions() {
        try {
            return new EmbeddedOptions(kafkaPort, redisPort, workDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void printAddresses(EmbeddedStack stack, DemoOptions demo, Duration startUp) {
        CoreConfig core = CoreConfig.from(stack.settings());
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Silgeom demo is running (started in %.1f s). Press Ctrl-C to stop.%n", startUp.toMillis() / 1000.0);
        out.printf("  Kafka bootstrap  %s  (topics %s, %s)%n", stack.kafkaBootstrap(), core.articlesTopic(),
                core.dlqTopic());
        out.printf("  Redis            %s:%d%n", stack.redisHost(), stack.redisPort());
        out.printf("  HDFS root        %s%n", stack.hdfsRoot());
        out.printf("  API              %s%n", demo.apiUrl());
        out.printf("  Dashboard        %s%n", demo.dashboardUrl());
        out.printf("  Generator        %s; batch every %s%n", demo.generatorEnabled() ? "on" : "off",
                DurationParser.format(demo.batchEvery()));
        out.flush();
    }

    /**
     * Runs in the shutdown hook (Ctrl-C, SIGTERM): stops the stack, then lets {@link #call()} return. A signal during
     * start-up waits for start-up to finish (Kafka cannot be abandoned halfway) and then stops what it started.
     */
    private void stopOnSignal() {
        stopRequested.countDown();
        try {
            if (!startFinished.await(START_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                LOG.error("silgeom demo still starting after {} s; exiting without stopping it: a redis-server may "
                        + "be left running (the next start stops it)", START_GRACE.toSeconds());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        EmbeddedStack stack = running.get();
        if (stack == null) {
            return;
        }
        long startNanos = System.nanoTime();
        try {
            // Also called by call() on its way out; whichever comes second waits for the first and has nothing to do.
            stack.close();
            LOG.info("silgeom demo stopped: took: {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        } catch (RuntimeException e) {
            LOG.error("silgeom demo did not stop cleanly: {}", OneLineFailureHandler.describe(e));
            LOG.debug("shutdown failure", e);
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already shutting down: the hook is running (or has run) and stops the stack itself.
            LOG.debug("shutdown in progress; the hook stops the stack");
        }
    }
}
