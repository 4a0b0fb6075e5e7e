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
import java.util.Random;
import java.util.concurrent.TimeUnit;
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

    @TempDir
    Path workDir;

    private final Random random = new Random(20261125L);

    @Test
    void killedFiveTimesAtRandomPointsTheSpeedProcessLeavesAnExactView() throws Exception {
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

                Process last = startSpeed(config, KILLS + 1);
                try {
                    pacer.stop();
                    probe.awaitAllApplied(AWAIT);
                    probe.assertExact(stream, analysis::analyze);
                    assertThat(stream.articles()).isGreaterThan(1000);
                } finally {
                    last.destroy();   // SIGTERM: a clean stop
                    assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();
                }
                // The clean stop committed what it applied: Kafka's committed offsets reach the end too.
                Map<Integer, Long> ends = probe.endOffsets();
                assertThat(SpeedScaleOutIT.committed(stack, "silgeom-speed"))
                        .as("Kafka's committed offsets after a clean stop; the last speed process logged:%n%s",
                                tail(log(KILLS + 1)))
                        .isEqualTo(ends);
                probe.assertExact(stream, analysis::analyze);
            }
        }
    }

    /** {@code silgeom speed --config FILE} in a JVM of its own, output to {@code speed-N.log}. */
    private Process startSpeed(Path config, int n) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                SilgeomCommand.class.getName(), "speed", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(n).toFile())
                .start();
    }

    private Path log(int n) {
        return workDir.resolve("speed-" + n + ".log");
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
