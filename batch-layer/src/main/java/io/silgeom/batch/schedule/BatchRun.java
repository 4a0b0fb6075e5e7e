package io.silgeom.batch.schedule;

import io.silgeom.batch.archive.ArchiveCommitLog;
import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.KeywordHourlyCounts;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.batch.publish.BatchViewPublisher;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.time.TimeBuckets;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * One batch run, the nightly step list as code (DESIGN.md §1, §5). The Oozie workflow on a cluster and the Quartz
 * scheduler of the embedded stack both run these steps; {@code silgeom batch} runs them once with progress lines.
 *
 * <ol>
 *   <li>{@link BatchStep#FLUSH_ARCHIVE} (only when an in-process archiver is attached): flush it, so what it has
 *       polled is in the snapshot.
 *   <li>{@link BatchStep#SNAPSHOT}: the archive's commit markers give, per partition, the next offset not archived.
 *       The run covers exactly the archived records below these offsets, whatever the archiver writes meanwhile; the
 *       offsets are published with the cutoff so a speed-view rebuild knows where to start.
 *   <li>Cutoff {@code T} (given, or now rounded down to the hour / to UTC midnight per {@code batch.cutoff.align}) and
 *       version {@code yyyyMMdd'T'HHmm'Z'-<epochMillis of the run>} (sortable: cutoff, then start time).
 *   <li>{@link BatchStep#KEYWORD_HOURLY}: {@link KeywordHourlyJob} through {@code ToolRunner} with the given Hadoop
 *       configuration (LocalJobRunner in the embedded stack).
 *   <li>{@link BatchStep#CHECK_INPUT}: fail, before publishing, when the invalid share of the input is over
 *       {@code batch.invalid.max.share}.
 *   <li>{@link BatchStep#PUBLISH}: {@link BatchViewPublisher}; then delete HDFS views older than the previous one.
 *   <li>{@link BatchStep#REPORT}: {@code reports/batch/<version>.json} and {@code sg:status:batch}, also after a
 *       failure (status "failed" with the step and reason).
 * </ol>
 *
 * <p>A failed run publishes nothing: {@code sg:batch:current} keeps the previous version and cutoff.
 */
public final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

    private final CoreConfig core;
    private final BatchConfig batch;
    private final Configuration hadoop;
    private final UnifiedJedis redis;
    private final Clock clock;
    private final ArchiveFlush archiveFlush;

    /** Makes an in-process archiver write what it has polled; e.g. {@code archiver::flush}. */
    @FunctionalInterface
    public interface ArchiveFlush {
        void flush() throws Exception;
    }

    /**
     * @param hadoop the Hadoop configuration jobs run with (a copy is made per run); see
     *               {@link io.silgeom.batch.config.LocalHadoopConfiguration} for the embedded stack
     * @param redis  where the view is loaded and published; not closed by the run
     */
    public BatchRun(CoreConfig core, BatchConfig batch, Configuration hadoop, UnifiedJedis redis, Clock clock) {
        this(core, batch, hadoop, redis, clock, null);
    }

    private BatchRun(CoreConfig core, BatchConfig batch, Configuration hadoop, UnifiedJedis redis, Clock clock,
                     ArchiveFlush archiveFlush) {
        this.core = Objects.requireNonNull(core, "core");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.hadoop = Objects.requireNonNull(hadoop, "hadoop");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.archiveFlush = archiveFlush;
    }

    /** The same run with step {@link BatchStep#FLUSH_ARCHIVE} calling {@code flush} first. */
    public BatchRun withArchiveFlush(ArchiveFlush flush) {
        return new BatchRun(core, batch, hadoop, redis, clock, Objects.requireNonNull(flush, "flush"));
    }

    /** The cutoff of a run for a whole UTC day: midnight at the end of {@code date}. */
    public static Instant cutoffForDate(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The version token of a run: cutoff, then the run's start in epoch millis; sortable, no ':' (a Redis key part). */
    public static String version(Instant cutoff, Instant startedAt) {
        return VERSION_TIME.format(cutoff) + "-" + startedAt.toEpochMilli();
    }

    /** A run with the default cutoff and no progress listener; the Quartz scheduler's task. */
    public BatchReport run() {
        return run(Optional.empty(), BatchProgressListener.NONE);
    }

    /**
     * Runs every step once. Step failures do not throw: they come back as a report with {@code failedStep} set.
     *
     * @param cutoff T, an hour boundary not after the current hour; empty for the default ({@code batch.cutoff.align})
     * @throws IllegalArgumentException when {@code cutoff} is not an hour boundary or lies in the future (a cutoff
     *                                  after now would make the speed layer drop current articles as late)
     */
    public synchronized BatchReport run(Optional<Instant> cutoff, BatchProgressListener listener) {
        Instant startedAt = clock.instant();
        Instant currentHour = TimeBuckets.hourStart(startedAt);
        Instant t = cutoff.orElseGet(() -> batch.cutoffAlignedToDay() ? startedAt.truncatedTo(ChronoUnit.DAYS) : currentHour);
        if (!TimeBuckets.hourStart(t).equals(t)) {
            throw new IllegalArgumentException("batch cutoff must be an hour boundary, got: " + t);
        }
        if (t.isAfter(currentHour)) {
            throw new IllegalArgumentException("batch cutoff " + t + " is after the current hour " + currentHour);
        }
        String version = version(t, startedAt);
        HdfsLayout layout = HdfsLayout.of(core.hdfsRoot());
        Steps steps = new Steps(listener, archiveFlush == null ? EnumSet.complementOf(EnumSet.of(BatchStep.FLUSH_ARCHIVE)) : EnumSet.allOf(BatchStep.class));
        LOG.info("batch run {}: cutoff {}", version, t);

        Map<String, Long> offsets = Map.of();
        KeywordHourlyCounts counts = KeywordHourlyCounts.NONE;
        BatchViewPublisher.Published published = null;
        List<String> deleted = new ArrayList<>();
        Path view = layout.keywordHourlyView(version);
        try {
            FileSystem fs = FileSystem.get(URI.create(core.hdfsRoot()), hadoop);
            if (archiveFlush != null) {
                steps.run(BatchStep.FLUSH_ARCHIVE, () -> {
                    archiveFlush.flush();
                    return null;
                });
            }
            offsets = steps.run(BatchStep.SNAPSHOT, () -> ArchiveCommitLog.archivedOffsets(fs, layout, core.articlesTopic()));
            Map<String, Long> snapshot = offsets;
            counts = steps.run(BatchStep.KEYWORD_HOURLY, () -> runJob(fs, layout, version, t, snapshot));
            KeywordHourlyCounts c = counts;
            steps.run(BatchStep.CHECK_INPUT, () -> {
                if (c.invalidShare() > batch.invalidMaxShare()) {
                    throw new BatchStepException(String.format(java.util.Locale.ROOT,
                            "invalid share %.4f (%d of %d input records) is over batch.invalid.max.share %.4f; not publishing",
                            c.invalidShare(), c.invalidRecords(), c.inputRecords(), batch.invalidMaxShare()));
                }
                return null;
            });
            published = steps.run(BatchStep.PUBLISH, () -> {
                BatchViewPublisher.Published p = new BatchViewPublisher(redis, fs, batch.publishChunkSize(), clock)
                        .publish(view, version, t, snapshot);
                deleted.addAll(p.deletedVersions());
                deleteOldViews(fs, layout, version, p.previousVersion());
                return p;
            });
        } catch (BatchStepException e) {
            // reported below
        } catch (IOException e) {
            steps.failOutsideStep(e);
        }
        BatchReport report = new BatchReport(version, t, startedAt, clock.instant(), steps.failedStep, steps.error,
                offsets, counts, batch.invalidMaxShare(), steps.durations, view.toString(),
                published == null ? Optional.empty() : published.previousVersion(), deleted);
        report = writeReport(steps, layout, report);
        if (report.succeeded()) {
            LOG.info("batch run {} published in {} ms: {} articles counted, {} view rows", version,
                    report.duration().toMillis(), counts.countedArticles(), counts.viewRows());
        } else {
            LOG.error("batch run {} failed at step {}: {}", version, report.failedStep().map(BatchStep::wireName).orElse("?"),
                    report.error().orElse(""));
        }
        return report;
    }

    private KeywordHourlyCounts runJob(FileSystem fs, HdfsLayout layout, String version, Instant t,
                                       Map<String, Long> snapshot) throws Exception {
        Configuration conf = new Configuration(hadoop);
        KeywordHourlyJob.configure(conf, t, snapshot);
        KeywordHourlyJob job = new KeywordHourlyJob();
        int rc = ToolRunner.run(conf, job, new String[] {layout.root().toString(), version});
        if (rc != 0 || job.lastCounts().isEmpty()) {
            Path view = layout.keywordHourlyView(version);
            if (fs.exists(view)) {
                fs.delete(view, true); // never published; a half-written view must not be mistaken for one
            }
            throw new BatchStepException("keyword-hourly job exited with " + rc);
        }
        return job.lastCounts().get();
    }

    /** HDFS views follow the Redis rule: keep the new one, the previous one, and any sorting after the new one. */
    private static void deleteOldViews(FileSystem fs, HdfsLayout layout, String current, Optional<String> previous) {
        try {
            for (FileStatus st : fs.listStatus(layout.keywordHourlyViews())) {
                String name = st.getPath().getName();
                if (!name.startsWith("v=")) {
                    continue;
                }
                String v = name.substring(2);
                if (!v.equals(current) && !previous.map(v::equals).orElse(false) && v.compareTo(current) < 0) {
                    fs.delete(st.getPath(), true);
                }
            }
        } catch (IOException e) {
            LOG.warn("batch run: could not delete old views under {}: {}", layout.keywordHourlyViews(), e.toString());
        }
    }

    private BatchReport writeReport(Steps steps, HdfsLayout layout, BatchReport draft) {
        steps.listener.stepStarted(BatchStep.REPORT, steps.percent());
        Instant start = clock.instant();
        Map<BatchStep, Duration> durations = new LinkedHashMap<>(draft.stepDurations());
        durations.put(BatchStep.REPORT, Duration.ZERO); // its own duration is known only after it is written
        BatchReport report = new BatchReport(draft.version(), draft.cutoff(), draft.startedAt(), draft.finishedAt(),
                draft.failedStep(), draft.error(), draft.offsets(), draft.counts(), draft.invalidMaxShare(), durations,
                draft.viewPath(), draft.previousVersion(), draft.deletedVersions());
        String json = BatchReportJson.encode(report);
        List<String> problems = new ArrayList<>();
        try {
            FileSystem fs = FileSystem.get(URI.create(core.hdfsRoot()), hadoop);
            try (FSDataOutputStream out = fs.create(layout.batchReport(report.version()), true)) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }
        } catch (IOException e) {
            problems.add("report file: " + e);
        }
        try {
            redis.set(RedisKeys.BATCH_STATUS, json);
        } catch (RuntimeException e) {
            problems.add(RedisKeys.BATCH_STATUS + ": " + e);
        }
        Duration took = Duration.between(start, clock.instant());
        if (problems.isEmpty()) {
            steps.listener.stepFinished(BatchStep.REPORT, took, 100);
        } else {
            // NOTE: the view may be published already; a missing report does not unpublish it, but an operator must look.
            LOG.error("batch run {}: report not fully written: {}", report.version(), problems);
            steps.listener.stepFailed(BatchStep.REPORT, took, String.join("; ", problems));
        }
        return report;
    }

    /** A step failed for a reason already stated in its message. */
    static final class BatchStepException extends Exception {
        BatchStepException(String message) {
            super(message);
        }

        BatchStepException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A step body. */
    @FunctionalInterface
    private interface StepBody<T> {
        T run() throws Exception;
    }

    /** Runs steps in order, times them, tells the listener, and records the first failure. */
    private final class Steps {
        final BatchProgressListener listener;
        final Set<BatchStep> planned;
        final Map<BatchStep, Duration> durations = new LinkedHashMap<>();
        Optional<BatchStep> failedStep = Optional.empty();
        Optional<String> error = Optional.empty();

        Steps(BatchProgressListener listener, Set<BatchStep> planned) {
            this.listener = Objects.requireNonNull(listener, "listener");
            this.planned = planned;
        }

        int percent() {
            return 100 * durations.size() / planned.size();
        }

        <T> T run(BatchStep step, StepBody<T> body) throws BatchStepException {
            listener.stepStarted(step, percent());
            Instant start = clock.instant();
            try {
                T result = body.run();
                Duration took = Duration.between(start, clock.instant());
                durations.put(step, took);
                listener.stepFinished(step, took, percent());
                return result;
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Duration took = Duration.between(start, clock.instant());
                durations.put(step, took);
                failedStep = Optional.of(step);
                String reason = e instanceof BatchStepException ? e.getMessage() : e.toString();
                error = Optional.of(reason);
                listener.stepFailed(step, took, reason);
                throw e instanceof BatchStepException b ? b : new BatchStepException(reason, e);
            }
        }

        void failOutsideStep(IOException e) {
            failedStep = Optional.of(BatchStep.SNAPSHOT); // only opening the filesystem runs outside a step
            error = Optional.of(e.toString());
        }
    }
}
