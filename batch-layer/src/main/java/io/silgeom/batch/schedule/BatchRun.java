package io.silgeom.batch.schedule;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.time.TimeBuckets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * One batch run in one process: the step list {@link BatchStep#NIGHTLY} (DESIGN.md §1, §5), as the Quartz scheduler of
 * the embedded stack and {@code silgeom batch} run it. The Oozie workflow runs the same steps one action each
 * ({@link BatchStepTool}); both use {@link BatchSteps} for the bodies.
 *
 * <ol>
 *   <li>{@link BatchStep#FLUSH_ARCHIVE} (only when an in-process archiver is attached): flush it, so what it has
 *       polled is in the snapshot.
 *   <li>{@link BatchStep#SNAPSHOT}: the archive's commit markers give, per partition, the next offset not archived.
 *       The run covers exactly the archived records below them. When they equal the published ones and the cutoff
 *       does not move forward, the run has nothing new: it skips to {@link BatchStep#RECONCILE} (which then checks
 *       the served version) and the report.
 *   <li>{@link BatchStep#KEYWORD_HOURLY}, {@link BatchStep#CHECK_INPUT}, {@link BatchStep#BASELINES},
 *       {@link BatchStep#FEATURES}: the MapReduce jobs (LocalJobRunner in the embedded stack) and the input check.
 *   <li>{@link BatchStep#PUBLISH}: view and baselines into Redis, then one switch; old versions retired after
 *       {@code batch.version.grace}.
 *   <li>{@link BatchStep#RECONCILE}: speed view against the new batch view; drift per hour in the report.
 *   <li>{@link BatchStep#REPORT}: {@code reports/batch/<version>.json} (one file per run: the run history) and
 *       {@code sg:status:batch}, also after a failure.
 * </ol>
 *
 * <p>A failed step is retried {@code batch.step.retries} times, {@code batch.step.retry.delay} apart (not the input
 * check: the same input fails the same way). Runs never overlap: {@link #run} is synchronized, so a second caller
 * (the schedule firing while {@code POST /admin/batch} runs one) waits. A failed run publishes nothing:
 * {@code sg:batch:current} keeps the previous version and cutoff.
 */
public final class BatchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRun.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    /** Steps a "nothing new" run skips: recomputing would give the published view again. */
    private static final Set<BatchStep> SKIPPED_WHEN_NOTHING_NEW = EnumSet.of(BatchStep.KEYWORD_HOURLY,
            BatchStep.CHECK_INPUT, BatchStep.BASELINES, BatchStep.FEATURES, BatchStep.PUBLISH);

    private final CoreConfig core;
    private final BatchConfig batch;
    private final Configuration hadoop;
    private final UnifiedJedis redis;
    private final Clock clock;
    private final ArchiveFlush archiveFlush;
    private final StepRunner.Interceptor interceptor;

    /** Makes an in-process archiver write what it has polled; e.g. {@code archiver::flush}. */
    @FunctionalInterface
    public interface ArchiveFlush {
        void flush() throws Exception;
    }

    /**
     * @param hadoop the Hadoop configuration jobs run with (a copy is made per job); see
     *               {@link io.silgeom.batch.config.LocalHadoopConfiguration} for the embedded stack
     * @param redis  where the view is loaded and published; not closed by the run
     */
    public BatchRun(CoreConfig core, BatchConfig batch, Configuration hadoop, UnifiedJedis redis, Clock clock) {
        this(core, batch, hadoop, redis, clock, null, StepRunner.Interceptor.NONE);
    }

    private BatchRun(CoreConfig core, BatchConfig batch, Configuration hadoop, UnifiedJedis redis, Clock clock,
                     ArchiveFlush archiveFlush, StepRunner.Interceptor interceptor) {
        this.core = Objects.requireNonNull(core, "core");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.hadoop = Objects.requireNonNull(hadoop, "hadoop");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.archiveFlush = archiveFlush;
        this.interceptor = interceptor;
    }

    /** The same run with step {@link BatchStep#FLUSH_ARCHIVE} calling {@code flush} first. */
    public BatchRun withArchiveFlush(ArchiveFlush flush) {
        return new BatchRun(core, batch, hadoop, redis, clock, Objects.requireNonNull(flush, "flush"), interceptor);
    }

    /** For tests: {@code interceptor} runs before every step attempt and may make it fail. */
    BatchRun withInterceptor(StepRunner.Interceptor newInterceptor) {
        return new BatchRun(core, batch, hadoop, redis, clock, archiveFlush, Objects.requireNonNull(newInterceptor));
    }

    /** The cutoff of a run for a whole UTC day: midnight at the end of {@code date}. */
    public static Instant cutoffForDate(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The version token of a run: cutoff, then the run's start in epoch millis; sortable, no ':' (a Redis key part). */
    public static String version(Instant cutoff, Instant startedAt) {
        return VERSION_TIME.format(cutoff) + "-" + startedAt.toEpochMilli();
    }

    /**
     * The cutoff a run starting at {@code now} uses.
     *
     * @throws IllegalArgumentException when {@code cutoff} is not an hour boundary or lies after the current hour (a
     *                                  cutoff after now would make the speed layer drop current articles as late)
     */
    static Instant resolveCutoff(Optional<Instant> cutoff, Instant now, BatchConfig batch) {
        Instant currentHour = TimeBuckets.hourStart(now);
        Instant t = cutoff.orElseGet(() -> batch.cutoffAlignedToDay() ? now.truncatedTo(ChronoUnit.DAYS) : currentHour);
        if (!TimeBuckets.hourStart(t).equals(t)) {
            throw new IllegalArgumentException("batch cutoff must be an hour boundary, got: " + t);
        }
        if (t.isAfter(currentHour)) {
            throw new IllegalArgumentException("batch cutoff " + t + " is after the current hour " + currentHour);
        }
        return t;
    }

    /** A run with the default cutoff and no progress listener; the Quartz scheduler's task. */
    public BatchReport run() {
        return run(Optional.empty(), BatchProgressListener.NONE);
    }

    /**
     * Runs every step once (with retries). Step failures do not throw: they come back as a report with
     * {@code failedStep} set.
     *
     * @param cutoff T, an hour boundary not after the current hour; empty for the default ({@code batch.cutoff.align})
     * @throws IllegalArgumentException when {@code cutoff} is not an hour boundary or lies in the future
     */
    public synchronized BatchReport run(Optional<Instant> cutoff, BatchProgressListener listener) {
        Instant startedAt = clock.instant();
        Instant t = resolveCutoff(cutoff, startedAt, batch);
        String version = version(t, startedAt);
        BatchSteps steps = new BatchSteps(core, batch, hadoop, redis, clock, archiveFlush);
        RunState state = new RunState(version, t, startedAt, batch.invalidMaxShare(),
                steps.layout().keywordHourlyView(version).toString());
        List<BatchStep> plan = new ArrayList<>();
        if (archiveFlush != null) {
            plan.add(BatchStep.FLUSH_ARCHIVE);
        }
        plan.addAll(BatchStep.NIGHTLY);
        LOG.info("batch run {}: cutoff {}", version, t);
        StepRunner runner = new StepRunner(steps, listener, clock, batch.stepRetries(), batch.stepRetryDelay(), interceptor);
        int last = plan.size() - 1; // REPORT
        for (int i = 0; i < last && !state.failed(); i++) {
            BatchStep step = plan.get(i);
            if (state.nothingNew && SKIPPED_WHEN_NOTHING_NEW.contains(step)) {
                continue;
            }
            runner.run(step, state, 100 * i / plan.size(), 100 * (i + 1) / plan.size());
        }
        BatchReport report = report(steps, state, listener, 100 * last / plan.size());
        if (report.succeeded()) {
            LOG.info("batch run {} {} in {} ms: {} articles counted, {} view rows", version,
                    state.nothingNew ? "found nothing new" : "published", report.duration().toMillis(),
                    state.counts.countedArticles(), state.counts.viewRows());
        } else {
            LOG.error("batch run {} failed at step {}: {}", version, report.failedStep().map(BatchStep::wireName).orElse("?"),
                    report.error().orElse(""));
        }
        return report;
    }

    /** The REPORT step: never fails the run (the view may be published already), but tells the listener. */
    static BatchReport report(BatchSteps steps, RunState state, BatchProgressListener listener, int percentBefore) {
        listener.stepStarted(BatchStep.REPORT, percentBefore);
        Clock clock = steps.clock();
        Instant start = clock.instant();
        // Its own duration is known only after it is written: recorded as 0.
        state.record(new StepResult(BatchStep.REPORT, Duration.ZERO, 1, Optional.empty()));
        BatchReport report = state.toReport(start);
        List<String> problems = steps.writeReport(report);
        state.reportProblems = problems;
        Duration took = Duration.between(start, clock.instant());
        if (problems.isEmpty()) {
            listener.stepFinished(BatchStep.REPORT, took, 100);
        } else {
            // NOTE: the view may be published already; a missing report does not unpublish it, but an operator must look.
            LOG.error("batch run {}: report not fully written: {}", report.version(), problems);
            listener.stepFailed(BatchStep.REPORT, took, String.join("; ", problems));
        }
        return report;
    }
}
