package io.silgeom.batch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.archive.ArchiveWriter;
import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.config.LocalHadoopConfiguration;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.validation.ArticleValidator;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Oozie contract without Oozie: every step as its own {@link BatchStepTool} invocation (a fresh tool, as a fresh
 * java action would be), state passed only through the run directory, a real redis-server, LocalJobRunner.
 */
class BatchStepToolIT {
    private static final Instant NOW = Instant.parse("2024-05-01T10:07:00Z");
    private static final String CUTOFF = "2024-05-01T10:00:00Z";

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    @TempDir
    Path tmp;
    private Configuration hadoop;
    private Path config;
    private Path oozieOutput;

    @BeforeEach
    void setUp() throws IOException {
        hadoop = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        String root = tmp.resolve("silgeom").toUri().toString();
        config = tmp.resolve("silgeom.properties");
        Files.writeString(config, "hdfs.root=" + root + "\nredis.host=" + REDIS.host() + "\nredis.port=" + REDIS.port()
                + "\nbatch.invalid.max.share=0.5\nbatch.step.retry.delay=0s\n");
        new ArchiveWriter(FileSystem.getLocal(hadoop), HdfsLayout.of(root), ArticleValidator.withDefaults(),
                Clock.fixed(NOW, ZoneOffset.UTC)).write(List.of(
                        record(0, "{\"id\":\"a1\",\"source\":\"news\",\"lang\":\"en\",\"publishedAt\":\"2024-05-01T09:10:00Z\",\"title\":\"Seoul flood\"}"),
                        record(1, "{\"id\":\"a2\",\"source\":\"social\",\"lang\":\"en\",\"publishedAt\":\"2024-05-01T09:20:00Z\",\"title\":\"Flood rescue\"}"),
                        record(2, "{\"id\":\"x\",\"publishedAt\":\"2024-05-01T09:00:00Z\",\"title\":\"no source\"}")));
        oozieOutput = tmp.resolve("oozie-action-output.properties");
        System.setProperty(BatchStepTool.OOZIE_OUTPUT_PROPERTIES, oozieOutput.toString());
    }

    @AfterEach
    void clearProperty() {
        System.clearProperty(BatchStepTool.OOZIE_OUTPUT_PROPERTIES);
    }

    @Test
    void theStepsRunOneInvocationEachAndHandTheirStateOnThroughTheRunDirectory() throws Exception {
        String runDir = tmp.resolve("runs/wf-0001").toUri().toString();
        for (BatchStep step : BatchStep.NIGHTLY) {
            String[] args = step == BatchStep.SNAPSHOT
                    ? new String[] {"--step", step.wireName(), "--run-dir", runDir, "--cutoff", CUTOFF, "--profile", "embedded", "--config", config.toString()}
                    : new String[] {"--step", step.wireName(), "--run-dir", runDir, "--profile", "embedded", "--config", config.toString()};
            assertThat(tool().run(args)).as("step %s", step.wireName()).isZero();
            if (step == BatchStep.SNAPSHOT) {
                assertThat(oozieProperties().getProperty("nothingNew")).isEqualTo("false");
            }
        }

        BatchReport state = BatchReportJson.decode(Files.readString(tmp.resolve("runs/wf-0001/" + BatchStepTool.STATE_FILE)));
        assertThat(state.succeeded()).isTrue();
        assertThat(state.steps()).extracting(StepResult::step).containsExactlyElementsOf(BatchStep.NIGHTLY);
        assertThat(state.offsets()).isEqualTo(Map.of("silgeom.articles:0", 3L));
        assertThat(state.counts().countedArticles()).isEqualTo(2);
        assertThat(state.reconciliation()).isPresent();
        assertThat(BatchCutoffJson.decode(REDIS.client().get(RedisKeys.BATCH_CURRENT)).version()).isEqualTo(state.version());
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour(state.version(), "2024050109", Slice.TOTAL)))
                .isEqualTo(Map.of("seoul", "1", "flood", "2", "rescue", "1"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchBaselineMeta(state.version()))).containsEntry("days", "1");
        assertThat(tmp.resolve("silgeom/views/features/v=" + state.version() + "/_SUCCESS")).exists();
        assertThat(BatchReportJson.decode(REDIS.client().get(RedisKeys.BATCH_STATUS)).version()).isEqualTo(state.version());

        // The next night with nothing archived since: the decision node learns it, skipped steps do nothing.
        String next = tmp.resolve("runs/wf-0002").toUri().toString();
        assertThat(tool().run(new String[] {"--step", "snapshot", "--run-dir", next, "--cutoff", CUTOFF, "--profile", "embedded",
                "--config", config.toString()})).isZero();
        assertThat(oozieProperties().getProperty("nothingNew")).isEqualTo("true");
        assertThat(tool().run(new String[] {"--step", "keyword_hourly", "--run-dir", next, "--profile", "embedded",
                "--config", config.toString()})).isZero();
        assertThat(BatchReportJson.decode(Files.readString(tmp.resolve("runs/wf-0002/" + BatchStepTool.STATE_FILE))).steps())
                .extracting(StepResult::step).containsExactly(BatchStep.SNAPSHOT);
    }

    @Test
    void aStepWithoutASnapshotOrWithAnotherCutoffIsRefused() throws Exception {
        String runDir = tmp.resolve("runs/wf-0003").toUri().toString();
        assertThat(tool().run(new String[] {"--step", "publish", "--run-dir", runDir, "--profile", "embedded",
                "--config", config.toString()})).isEqualTo(1);
        assertThat(tool().run(new String[] {"--step", "snapshot", "--run-dir", runDir, "--cutoff", CUTOFF, "--profile", "embedded",
                "--config", config.toString()})).isZero();
        assertThat(tool().run(new String[] {"--step", "keyword_hourly", "--run-dir", runDir, "--date", "2024-04-29",
                "--profile", "embedded", "--config", config.toString()})).isEqualTo(2);
    }

    @Test
    void aFailedStepStopsTheLaterOnesAndTheReportStepStillRecordsTheFailure() throws Exception {
        Files.writeString(config, Files.readString(config).replace("batch.invalid.max.share=0.5", "batch.invalid.max.share=0.1"));
        String runDir = tmp.resolve("runs/wf-0004").toUri().toString();
        String[] common = {"--run-dir", runDir, "--profile", "embedded", "--config", config.toString()};

        assertThat(run("snapshot", common, "--cutoff", CUTOFF)).isZero();
        assertThat(run("keyword_hourly", common)).isZero();
        assertThat(run("check_input", common)).isEqualTo(1); // 1 invalid of 3 is over 0.1
        assertThat(run("publish", common)).isEqualTo(1);      // an earlier step failed: refuses to run
        assertThat(run("report", common)).isZero();           // the error path's report
        assertThat(run("check_input", common)).isEqualTo(1);  // run again (Oozie retry): tried again, fails again

        assertThat(REDIS.client().get(RedisKeys.BATCH_CURRENT)).isNull();
        BatchReport status = BatchReportJson.decode(REDIS.client().get(RedisKeys.BATCH_STATUS));
        assertThat(status.failedStep()).hasValue(BatchStep.CHECK_INPUT);
        assertThat(status.steps()).extracting(StepResult::step)
                .containsExactly(BatchStep.SNAPSHOT, BatchStep.KEYWORD_HOURLY, BatchStep.CHECK_INPUT, BatchStep.REPORT);
        assertThat(BatchReportJson.decode(Files.readString(tmp.resolve("runs/wf-0004/" + BatchStepTool.STATE_FILE))).failedStep())
                .hasValue(BatchStep.CHECK_INPUT);
    }

    private int run(String step, String[] common, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--step", step));
        args.addAll(List.of(common));
        args.addAll(List.of(more));
        return tool().run(args.toArray(String[]::new));
    }

    private BatchStepTool tool() {
        BatchStepTool tool = new BatchStepTool(Clock.fixed(NOW, ZoneOffset.UTC));
        tool.setConf(new Configuration(hadoop));
        return tool;
    }

    private Properties oozieProperties() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(oozieOutput, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("silgeom.articles", 0, offset, NOW.toEpochMilli(), TimestampType.CREATE_TIME,
                0, value.length, null, value, new RecordHeaders(), Optional.empty());
    }
}
