package io.silgeom.batch.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.batch.archive.ArchiveWriter;
import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.config.LocalHadoopConfiguration;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RedisServerForTests;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.view.BatchCutoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** The whole step list: archive on the local filesystem, LocalJobRunner, a real redis-server. */
class BatchRunIT {
    private static final Instant NOW = Instant.parse("2024-05-01T10:07:00Z");

    @TempDir
    Path tmp;
    private RedisServerForTests server;
    private RedisClient redis;
    private Configuration hadoop;
    private CoreConfig core;

    @BeforeEach
    void setUp() throws IOException {
        server = RedisServerForTests.start(tmp.resolve("redis"));
        redis = RedisClient.create(server.host(), server.port());
        hadoop = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        core = CoreConfig.from(Settings.empty().with("hdfs.root", tmp.resolve("silgeom").toUri().toString()));
        // The archive: 3 articles (a1 twice) before 10:00, one after; one record quarantined on arrival.
        HdfsLayout layout = HdfsLayout.of(core.hdfsRoot());
        new ArchiveWriter(FileSystem.getLocal(hadoop), layout, ArticleValidator.withDefaults(), Clock.fixed(NOW, ZoneOffset.UTC))
                .write(List.of(
                        record(0, 0, "{\"id\":\"a1\",\"source\":\"news\",\"lang\":\"en\",\"publishedAt\":\"2024-05-01T09:10:00Z\",\"title\":\"Seoul flood\"}"),
                        record(0, 1, "{\"id\":\"a2\",\"source\":\"social\",\"lang\":\"en\",\"publishedAt\":\"2024-05-01T09:20:00Z\",\"title\":\"Flood rescue\"}"),
                        record(0, 2, "{\"id\":\"a1\",\"source\":\"news\",\"lang\":\"en\",\"publishedAt\":\"2024-05-01T09:10:00Z\",\"title\":\"Seoul flood\"}"),
                        record(0, 3, "{\"id\":\"a3\",\"source\":\"news\",\"lang\":\"en\",\"publishedAt\":\"2024-05-01T10:01:00Z\",\"title\":\"Market\"}"),
                        record(0, 4, "{\"id\":\"x\",\"publishedAt\":\"2024-05-01T09:00:00Z\",\"title\":\"no source\"}")));
    }

    @AfterEach
    void tearDown() {
        redis.close();
        server.close();
    }

    @Test
    void aRunSnapshotsCountsChecksPublishesAndReports() throws Exception {
        List<String> progress = new ArrayList<>();
        // 1 of the 5 records was quarantined: allow that share here (the next test shows the threshold biting).
        BatchConfig lenient = BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "0.25"));
        BatchRun run = new BatchRun(core, lenient, hadoop, redis, Clock.fixed(NOW, ZoneOffset.UTC));

        // No cutoff given: now rounded down to the hour.
        BatchReport report = run.run(Optional.empty(), listener(progress));

        assertThat(report.succeeded()).as("error: %s", report.error()).isTrue();
        assertThat(report.version()).isEqualTo("20240501T1000Z-" + NOW.toEpochMilli());
        assertThat(report.cutoff()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(report.offsets()).isEqualTo(Map.of("silgeom.articles:0", 5L));
        assertThat(report.counts().countedArticles()).isEqualTo(2);
        assertThat(report.counts().duplicates()).isEqualTo(1);
        assertThat(report.counts().afterCutoff()).isEqualTo(1);
        assertThat(report.counts().quarantined()).isEqualTo(1);
        assertThat(progress).containsExactly(
                "start snapshot 0", "done snapshot 12", "start keyword_hourly 12", "done keyword_hourly 25",
                "start check_input 25", "done check_input 37", "start baselines 37", "done baselines 50",
                "start features 50", "done features 62", "start publish 62", "done publish 75",
                "start reconcile 75", "done reconcile 87", "start report 87", "done report 100");

        // Published: version, cutoff and offsets together; the counts under the batch-view keys.
        assertThat(BatchCutoffJson.decode(redis.get(RedisKeys.BATCH_CURRENT)))
                .isEqualTo(new BatchCutoff(report.version(), report.cutoff(), NOW, report.offsets()));
        assertThat(redis.hgetAll(RedisKeys.batchHour(report.version(), "2024050109", Slice.TOTAL)))
                .isEqualTo(Map.of("seoul", "1", "flood", "2", "rescue", "1"));
        // Reported: the same JSON in the report file and in sg:status:batch.
        String json = Files.readString(tmp.resolve("silgeom/reports/batch/" + report.version() + ".json"), StandardCharsets.UTF_8).trim();
        assertThat(redis.get(RedisKeys.BATCH_STATUS)).isEqualTo(json);
        JsonNode status = new ObjectMapper().readTree(json);
        assertThat(status.path("status").asText()).isEqualTo("succeeded");
        assertThat(status.path("counts").path("invalidShare").asDouble()).isEqualTo(0.2); // 1 quarantined of 5
        assertThat(status.path("steps").size()).isEqualTo(8);
    }

    @Test
    void anInvalidShareOverTheThresholdFailsBeforePublishingAndIsReported() throws Exception {
        BatchConfig strict = BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "0.1"));
        BatchRun run = new BatchRun(core, strict, hadoop, redis, Clock.fixed(NOW, ZoneOffset.UTC));

        BatchReport report = run.run(Optional.of(BatchRun.cutoffForDate(LocalDate.parse("2024-04-30"))), BatchProgressListener.NONE);

        assertThat(report.succeeded()).isFalse();
        assertThat(report.failedStep()).hasValue(BatchStep.CHECK_INPUT);
        assertThat(report.error().orElseThrow()).contains("0.2000", "1 of 5", "batch.invalid.max.share");
        assertThat(redis.get(RedisKeys.BATCH_CURRENT)).isNull();
        assertThat(redis.keys("sg:b:*")).isEmpty();
        assertThat(new ObjectMapper().readTree(redis.get(RedisKeys.BATCH_STATUS)).path("failedStep").asText())
                .isEqualTo("check_input");
    }

    @Test
    void aCutoffInTheFutureOrOffTheHourIsRefused() {
        BatchRun run = new BatchRun(core, BatchConfig.defaults(), hadoop, redis, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThatThrownBy(() -> run.run(Optional.of(Instant.parse("2024-05-01T11:00:00Z")), BatchProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after the current hour");
        assertThatThrownBy(() -> run.run(Optional.of(Instant.parse("2024-05-01T09:30:00Z")), BatchProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hour boundary");
    }

    private static BatchProgressListener listener(List<String> out) {
        return new BatchProgressListener() {
            @Override
            public void stepStarted(BatchStep step, int percentDone) {
                out.add("start " + step.wireName() + " " + percentDone);
            }

            @Override
            public void stepFinished(BatchStep step, Duration took, int percentDone) {
                out.add("done " + step.wireName() + " " + percentDone);
            }

            @Override
            public void stepFailed(BatchStep step, Duration took, String reason) {
                out.add("failed " + step.wireName() + " " + reason);
            }
        };
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("silgeom.articles", partition, offset, NOW.toEpochMilli(), TimestampType.CREATE_TIME,
                0, value.length, null, value, new RecordHeaders(), Optional.empty());
    }
}
