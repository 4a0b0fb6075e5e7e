package io.silgeom.standalone.embedded;

import io.silgeom.batch.archive.KafkaPosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real Kafka 4.4 broker in this JVM: one KRaft node that is both broker and controller, listening on
 * {@code 127.0.0.1} only, every replication factor 1, its logs under the given directory.
 *
 * <p>The directory survives restarts: the first start formats it with a random cluster id, later starts reuse that
 * id and keep the data ({@code --ignore-formatted}). The controller uses a static quorum
 * ({@code controller.quorum.voters}) rather than a dynamic one, because a dynamic quorum stores the controller's
 * address in the metadata log and a restart on another free port would then find no controller.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaRaftServer server;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Formats {@code dir} if needed and starts the broker; returns once it accepts clients.
     *
     * @param port client port on 127.0.0.1, or 0 for any free port
     * @param dir  holds {@code server.properties} and the log directory
     * @throws IOException if the port is taken, the directory cannot be written, or formatting fails
     */
    public static EmbeddedKafkaBroker start(int port, Path dir) throws IOException {
        int clientPort = LocalPorts.resolve(port, "kafka");
        int controllerPort = LocalPorts.pickFree();
        Files.createDirectories(dir);
        Properties props = brokerProperties(clientPort, controllerPort, dir.toAbsolutePath().resolve("logs"));
        Path configFile = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(w, "Written by silgeom for the embedded broker; rewritten on every start");
        }
        format(configFile, clusterId(dir.toAbsolutePath().resolve("logs")));

        long startNanos = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            // Returns once the broker is unfenced, i.e. ready for clients.
            server.startup();
        } catch (RuntimeException e) {
            // NOTE: startup() stops the half that failed, but a broker failure leaves the controller running.
            stopQuietly(server, e);
            throw new IOException("kafka broker did not start on " + LocalPorts.LOOPBACK + ":" + clientPort
                    + ": " + e.getMessage(), e);
        }
        LOG.info("kafka broker started: bootstrap: {}:{}, controller port: {}, dir: {}, took: {} ms",
                LocalPorts.LOOPBACK, clientPort, controllerPort, dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        return new EmbeddedKafkaBroker(server, clientPort);
    }

    static Properties brokerProperties(int clientPort, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + LocalPorts.LOOPBACK + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + clientPort
                + ",CONTROLLER://" + LocalPorts.LOOPBACK + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + LocalPorts.LOOPBACK + ":" + clientPort);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // One node: every replication factor and ISR minimum is 1, internal topics included, or they never form.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Few partitions for internal topics: the first consumer group otherwise waits for 50 of them on 2 cores.
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");
        // A demo has one member per group: waiting 3 s for more only delays the first assignment.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created explicitly (createTopics); a typo in a topic name must fail, not create a topic.
        p.setProperty("auto.create.topics.enable", "false");
        // The broker is unfenced on a heartbeat; a shorter interval shortens start-up by about a second.
        p.setProperty("broker.heartbeat.interval.ms", "500");
        // After a SIGKILL the restarted broker cannot register until the dead incarnation's session expires (9 s by
        // default). 3 s is six missed heartbeats: plenty on one machine, where there is no network to lose them.
        p.setProperty("broker.session.timeout.ms", "3000");
        return p;
    }

    /**
     * The cluster id the log directory was formatted with, or a new one. NOTE: formatting again with another id fails
     * even with {@code --ignore-formatted} ("Invalid cluster.id ... Expected ..., but read ...").
     */
    static String clusterId(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return Uuid.randomUuid().toString();
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        String id = props.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IOException("no cluster.id in " + meta + ": delete " + logDir + " to start with an empty broker");
        }
        return id.trim();
    }

    private static void format(Path configFile, String clusterId) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            // NOTE: StorageTool.main would call System.exit; execute returns the exit code instead.
            exit = StorageTool.execute(new String[] {"format", "--cluster-id", clusterId,
                    "--config", configFile.toString(), "--ignore-formatted"}, print);
        } catch (RuntimeException e) {
            throw new IOException("kafka storage format failed for " + configFile + ": " + e.getMessage(), e);
        }
        String output = out.toString(StandardCharsets.UTF_8).trim();
        if (exit != 0) {
            throw new IOException("kafka storage format failed for " + configFile + " (exit " + exit + "): " + output);
        }
        LOG.debug("kafka storage format: {}", output);
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LocalPorts.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Per {@code topic:partition} of {@code topic}, the offset the next record appended to it will get: everything
     * published so far lies below.
     */
    public Map<String, Long> endOffsets(String topic) throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<String, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, info) -> ends.put(KafkaPosition.partitionKey(tp.topic(), tp.partition()), info.offset()));
            return ends;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the end offsets of " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot read the end offsets of kafka topic " + topic + ": " + e, e);
        }
    }

    /**
     * Creates each topic with the given number of partitions (replication factor 1). A topic that already exists,
     * from an earlier run in the same directory, is kept as it is.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) throws IOException {
        List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                .toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            var result = admin.createTopics(topics).values();
            for (var entry : result.entrySet()) {
                try {
                    entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    LOG.info("kafka topic created: {}, partitions: {}", entry.getKey(), partitionsByTopic.get(entry.getKey()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IOException("cannot create kafka topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    LOG.info("kafka topic kept: {} (exists from an earlier run)", entry.getKey());
                }
            }
            awaitPartitionsReady(admin, partitionsByTopic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating kafka topics", e);
        } catch (TimeoutException e) {
            throw new IOException("kafka topics not created within " + ADMIN_TIMEOUT, e);
        }
    }

    /**
     * Waits until the broker leads every partition of the topics, i.e. answers a {@code ListOffsets} for each (which only
     * the partition's leader does). Why: a topic exists for the controller a moment before the broker can append to it,
     * and an idempotent producer whose first batch met {@code NOT_LEADER_OR_FOLLOWER} while its next batches were
     * appended was seen retrying {@code OUT_OF_ORDER_SEQUENCE_NUMBER} forever (a test's stream never arrived).
     */
    private static void awaitPartitionsReady(Admin admin, Map<String, Integer> partitionsByTopic)
            throws InterruptedException, IOException {
        Map<TopicPartition, OffsetSpec> all = new HashMap<>();
        partitionsByTopic.forEach((topic, n) -> {
            for (int p = 0; p < n; p++) {
                all.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        while (true) {
            try {
                admin.listOffsets(all).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("kafka partitions not ready within " + ADMIN_TIMEOUT + ": " + e, e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** Stops the broker and the controller and waits until they have stopped. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("kafka broker stopped: port: {}, took: {} ms", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void stopQuietly(KafkaRaftServer server, RuntimeException cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
