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
import io.silgeom.core.testing.SpeedViewSeeds;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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

    @Test
    void theSpeedViewIsReconciledWithTheNewBatchViewAndADriftOverTheThresholdTurnsTheStatusRed() throws Exception {
        // The speed view saw one flood article fewer in hour 09 than the batch view counts (1 of 4 mentions: 0.25).
        SpeedViewSeeds.hour(redis, RedisKeys.INITIAL_SPEED_GENERATION, "2024050109", Slice.leaf("ko", "news"),
                Map.of("seoul", "1", "flood", "1", "rescue", "1"));
        BatchConfig config = BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "0.25")
                .with("batch.reconcile.max.drift", "0.2").with("batch.reconcile.min.mentions", "1"));

        BatchReport report = new BatchRun(core, config, hadoop, redis, Clock.fixed(NOW, ZoneOffset.UTC))
                .run(Optional.empty(), BatchProgressListener.NONE);

        assertThat(report.succeeded()).as("error: %s", report.error()).isTrue(); // published: drift does not unpublish
        JsonNode rec = new ObjectMapper().readTree(redis.get(RedisKeys.BATCH_STATUS)).path("reconciliation");
        assertThat(rec.path("ok").asBoolean(true)).isFalse();
        assertThat(rec.path("hoursOverMax").get(0).asText()).isEqualTo("2024050109");
        assertThat(rec.path("maxRelDrift").asDouble()).isEqualTo(0.25);
        JsonNode hour = rec.path("hours").get(0);
        assertThat(hour.path("hour").asText()).isEqualTo("2024050109");
        assertThat(hour.path("batch").asLong()).isEqualTo(4);
        assertThat(hour.path("speed").asLong()).isEqualTo(3);
        assertThat(hour.path("absDrift").asLong()).isEqualTo(1);
        assertThat(BatchHistory.line(report)).contains("drift OVER 0.2");
    }

    @Test
    void aStepThatFailsOnceIsRetriedAndTheRunSucceeds() throws Exception {
        BatchConfig retrying = BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "0.25")
                .with("batch.step.retries", "1").with("batch.step.retry.delay", "0s"));
        List<String> progress = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        BatchRun run = new BatchRun(core, retrying, hadoop, redis, Clock.fixed(NOW, ZoneOffset.UTC))
                .withInterceptor((step, attempt) -> {
                    if (step == BatchStep.BASELINES) {
                        attempts.add(attempt);
                        if (attempt == 1) {
                            throw new IOException("datanode went away");
                        }
                    }
                });

        BatchReport report = run.run(Optional.empty(), listener(progress));

        assertThat(report.succeeded()).as("error: %s", report.error()).isTrue();
        assertThat(attempts).containsExactly(1, 2);
        assertThat(report.step(BatchStep.BASELINES).orElseThrow().attempts()).isEqualTo(2);
        assertThat(progress).containsSubsequence("start baselines 37", "retry baselines 1", "done baselines 50");
        assertThat(redis.get(RedisKeys.BATCH_CURRENT)).contains(report.version());
    }

    @Test
    void aStepThatKeepsFailingFailsTheRunAfterItsRetriesAndPublishesNothing() throws Exception {
        BatchConfig retrying = BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "0.25")
                .with("batch.step.retries", "2").with("batch.step.retry.delay", "0s"));
        List<Integer> attempts = new ArrayList<>();
        BatchRun run = new BatchRun(core, retrying, hadoop, redis, Clock.fixed(NOW, ZoneOffset.UTC))
                .withInterceptor((step, attempt) -> {
                    if (step == BatchStep.FEATURES) {
                        attempts.add(attempt);
                        throw new IOException("disk full");
                    }
                });

        BatchReport report = run.run(Optional.empty(), BatchProgressListener.NONE);

        assertThat(report.failedStep()).hasValue(BatchStep.FEATURES);
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(report.error().orElseThrow()).contains("disk full");
        assertThat(redis.get(RedisKeys.BATCH_CURRENT)).isNull();
        assertThat(new ObjectMapper().readTree(redis.get(RedisKeys.BATCH_STATUS)).path("failedStep").asText()).isEqualTo("features");
    }

    @Test
    void runsNeverOverlapAndASecondRunWithNothingNewOnlyReconcilesAndReports() throws Exception {
        BatchConfig lenient = BatchConfig.from(Settings.empty().with("batch.invalid.max.share", "0.25"));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<String> steps = java.util.Collections.synchronizedList(new ArrayList<>());
        BatchProgressListener watch = new BatchProgressListener() {
            @Override
            public void stepStarted(BatchStep step, int percentDone) {
                steps.add(step.wireName());
                if (step == BatchStep.SNAPSHOT) {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void stepFinished(BatchStep step, Duration took, int percentDone) {
                if (step == BatchStep.REPORT) {
                    running.decrementAndGet();
                }
            }
        };
        // A clock that moves a second per reading: the two runs get different versions.
        AtomicLong tick = new AtomicLong();
        Clock ticking = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return NOW.plusSeconds(tick.incrementAndGet());
            }
        };
        BatchRun run = new BatchRun(core, lenient, hadoop, redis, ticking);
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            Future<BatchReport> a = two.submit(() -> run.run(Optional.empty(), watch));
            Future<BatchReport> b = two.submit(() -> run.run(Optional.empty(), watch));
            List<BatchReport> reports = List.of(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));

            assertThat(mostAtOnce.get()).isEqualTo(1);
            assertThat(reports).allMatch(BatchReport::succeeded);
            // Whichever ran second found the archive unchanged: no jobs, no publish, but a reconciliation.
            BatchReport second = reports.stream().max(java.util.Comparator.comparing(BatchReport::startedAt)).orElseThrow();
            assertThat(second.nothingNew()).isTrue();
            assertThat(second.steps()).extracting(StepResult::step)
                    .containsExactly(BatchStep.SNAPSHOT, BatchStep.RECONCILE, BatchStep.REPORT);
            assertThat(second.reconciliation()).isPresent();
        } finally {
            two.shutdownNow();
        }
        // The run history: both reports, newest first.
        List<BatchReport> history = BatchHistory.list(FileSystem.getLocal(hadoop), HdfsLayout.of(core.hdfsRoot()));
        assertThat(history).hasSize(2);
        assertThat(history.get(0).version()).isGreaterThan(history.get(1).version());
        assertThat(BatchHistory.line(history.get(0))).contains("nothing new");
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
            public void stepRetrying(BatchStep step, int attempt, String reason) {
                out.add("retry " + step.wireName() + " " + attempt);
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
