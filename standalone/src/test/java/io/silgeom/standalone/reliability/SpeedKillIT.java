package io.silgeom.standalone.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.standalone.cli.SilgeomCommand;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3, item 7(a): {@code silgeom speed} as a real child process (a JVM of its own, the test's classpath), killed
 * with SIGKILL at random points while articles stream in, five times, restarted each time; the speed view then
 * equals the exact expected counts. A kill can land anywhere: mid-poll, mid-apply, between the Lua apply and the
 * Kafka commit, during the positioning after a restart. Exactness rests on the apply carrying its offset (Redis is
 * the truth for where a partition resumes), not on anything the process does when it stops.
 */
class SpeedKillIT {
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static final int KILLS = 5;
    private static final String GROUP = "silgeom-speed";

    @TempDir
    Path workDir;

    private final Random random = new Random(20261125L);

    @Test
    void killedFiveTimesAtRandomPointsTheSpeedProcessLeavesAnExactView() throws Exception {
        Files.createDirectories(LOGS);
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir.resolve("stack")))) {
            CoreConfig core = CoreConfig.from(stack.settings());
            Path config = workDir.resolve("speed.properties");
            Files.writeString(config, String.join("\n",
                    CoreConfig.KAFKA_BOOTSTRAP.name() + "=" + stack.kafkaBootstrap(),
                    CoreConfig.REDIS_HOST.name() + "=" + stack.redisHost(),
                    CoreConfig.REDIS_PORT.name() + "=" + stack.redisPort(),
                    "speed.flush.interval=200ms",
                    "speed.max.batch.records=300",
                    "speed.status.interval=1s",
                    // The killed process never leaves the group: its partitions wait for its session to expire.
                    "speed.session.timeout=6s", ""), StandardCharsets.UTF_8);
            // What `silgeom speed` runs on every article: the content policy as configured, then keyword extraction.
            DocumentAnalyzer analysis = DocumentAnalyzer.create(
                    ContentPolicy.from(Settings.load(Settings.PROFILE_EMBEDDED, config)), KeywordExtractor.create());
            List<Long> killedAfterMs = new ArrayList<>();
            try (ArticleStream stream = new ArticleStream(stack.kafkaBootstrap(), core.articlesTopic(), 10L);
                 SpeedViewProbe probe = new SpeedViewProbe(stack.redisHost(), stack.redisPort(), stack.kafkaBootstrap(),
                         core.articlesTopic());
                 Pacer pacer = new Pacer(stream, 15, Duration.ofMillis(100), 20_000)) {
                for (int kill = 1; kill <= KILLS; kill++) {
                    Process speed = startSpeed(config, kill);
                    try {
                        long before = total(probe.appliedPositions());
                        // Kill only once this incarnation has applied something, then after a random delay.
                        await().atMost(AWAIT).pollInterval(Duration.ofMillis(50))
                                .until(() -> !speed.isAlive() || total(probe.appliedPositions()) > before);
                        assertThat(speed.isAlive()).as("speed process %d is running: %s", kill, tail(log(kill))).isTrue();
                        long delay = random.nextInt(1500);
                        Thread.sleep(delay);
                        killedAfterMs.add(delay);
                        assertThat(pacer.isRunning()).as("killed mid-stream").isTrue();
                    } finally {
                        speed.destroyForcibly();   // SIGKILL on Linux
                        assertThat(speed.waitFor(10, TimeUnit.SECONDS)).isTrue();
                    }
                    assertThat(speed.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                }
                assertThat(killedAfterMs).hasSize(KILLS);

                Set<String> killedMembers = owners(stack).keySet();
                Process last = startSpeed(config, KILLS + 1);
                try {
                    pacer.stop();
                    // A clean stop commits for the partitions the process owns. The last killed process may have put
                    // its last flush in Redis and not yet in Kafka (the kill fell between the two), and then Redis is
                    // complete before this process even has its partitions (it waits for the killed one's session to
                    // expire): stopped then, it would commit nothing, and the check below would read the killed
                    // process's offsets. So: stop it only once it owns every partition.
                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                            .untilAsserted(() -> assertThat(owners(stack))
                                    .as("the group's members and their partitions").hasSize(1)
                                    .allSatisfy((member, partitions) -> {
                                        assertThat(killedMembers).doesNotContain(member);
                                        assertThat(partitions).isEqualTo(core.articlesPartitions());
                                    }));
                    probe.awaitAllApplied(AWAIT);
                    probe.assertExact(stream, analysis::analyze);
                    assertThat(stream.articles()).isGreaterThan(1000);
                    // While it runs, Kafka's committed offsets follow Redis's within a flush, even when the killed
                    // process left Redis complete and this one has nothing new to apply.
                    Map<Integer, Long> applied = probe.appliedPositions();
                    await().atMost(AWAIT).pollInterval(Duration.ofMillis(200))
                            .untilAsserted(() -> assertThat(SpeedScaleOutIT.committed(stack, GROUP))
                                    .as("Kafka's committed offsets while the last process runs").isEqualTo(applied));
                } finally {
                    last.destroy();   // SIGTERM: a clean stop
                    assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                // The clean stop committed what it applied: Kafka's committed offsets reach the end too.
                Map<Integer, Long> ends = probe.endOffsets();
                assertThat(SpeedScaleOutIT.committed(stack, GROUP))
                        .as("Kafka's committed offsets after a clean stop (all logs in %s); the last speed process "
                                + "logged:%n%s", LOGS.toAbsolutePath(), tail(log(KILLS + 1)))
                        .isEqualTo(ends);
                probe.assertExact(stream, analysis::analyze);
            }
        }
    }

    /** The speed group's members (member id → partitions assigned), dead ones included until their session expires. */
    private static Map<String, Integer> owners(EmbeddedStack stack) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (Admin admin = Admin.create(p)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get();
            Map<String, Integer> owners = new TreeMap<>();
            group.members().forEach(m -> owners.put(m.consumerId(), m.assignment().topicPartitions().size()));
            return owners;
        }
    }

    /** {@code silgeom speed --config FILE} in a JVM of its own, output to {@code speed-N.log}. */
    private Process startSpeed(Path config, int n) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                // The speed layer's INFO lines (positions, applies refused, commits failed, the stop): without this
                // the child takes logback-test.xml from the classpath, WARN only, and its log says nothing.
                "-Dlogback.configurationFile=logback-child.xml",
                "-cp", System.getProperty("java.class.path"),
                SilgeomCommand.class.getName(), "speed", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(n).toFile())
                .start();
    }

    /**
     * Kept after the run (target/, not the temporary directory): when the final check fails, the killed processes'
     * logs (what each applied and committed before its kill) are what explain it.
     */
    private static final Path LOGS = Path.of("target", "speed-kill-it");

    private Path log(int n) {
        return LOGS.resolve("speed-" + n + ".log");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log " + log + ": " + e + ")";
        }
    }

    private static long total(Map<Integer, Long> positions) {
        return positions.values().stream().mapToLong(Long::longValue).sum();
    }
}
