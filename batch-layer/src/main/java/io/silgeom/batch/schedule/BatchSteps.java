package io.silgeom.batch.schedule;

import io.silgeom.batch.archive.ArchiveCommitLog;
import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.ArchiveHistory;
import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.batch.job.BaselinesJob;
import io.silgeom.batch.job.KeywordFeaturesJob;
import io.silgeom.batch.job.KeywordHourlyCounts;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.batch.job.ViewPaths;
import io.silgeom.batch.publish.BatchViewPublisher;
import io.silgeom.batch.reconcile.Reconciler;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.view.BatchCutoff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The body of each {@link BatchStep}: what it reads from the {@link RunState}, what it does, what it adds. Used by
 * {@link BatchRun} (all steps in one process) and {@link BatchStepTool} (one step per Oozie action), so both run the
 * same code. A body throws on failure; {@link StepRunner} times, retries and records it.
 */
final class BatchSteps {
    private static final Logger LOG = LoggerFactory.getLogger(BatchSteps.class);

    private final CoreConfig core;
    private final BatchConfig batch;
    private final Configuration hadoop;
    private final UnifiedJedis redis;
    private final Clock clock;
    private final BatchRun.ArchiveFlush archiveFlush;
    private final HdfsLayout layout;

    BatchSteps(CoreConfig core, BatchConfig batch, Configuration hadoop, UnifiedJedis redis, Clock clock,
               BatchRun.ArchiveFlush archiveFlush) {
        this.core = Objects.requireNonNull(core, "core");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.hadoop = Objects.requireNonNull(hadoop, "hadoop");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.archiveFlush = archiveFlush;
        this.layout = HdfsLayout.of(core.hdfsRoot());
    }

    HdfsLayout layout() {
        return layout;
    }

    Clock clock() {
        return clock;
    }

    /** Runs the body of {@code step} once on {@code state}. REPORT is not a body: see {@link #writeReport}. */
    void run(BatchStep step, RunState state) throws Exception {
        switch (step) {
            case FLUSH_ARCHIVE -> {
                if (archiveFlush != null) {
                    archiveFlush.flush();
                }
            }
            case SNAPSHOT -> snapshot(state);
            case KEYWORD_HOURLY -> state.counts = keywordHourly(state);
            case CHECK_INPUT -> checkInput(state);
            case BASELINES -> state.baselines = Optional.of(baselines(state));
            case FEATURES -> state.featureRows = features(state);
            case PUBLISH -> publish(state);
            case RECONCILE -> reconcile(state);
            case REPORT -> throw new IllegalArgumentException("report is written by writeReport");
        }
    }

    private FileSystem fs() throws IOException {
        return FileSystem.get(URI.create(core.hdfsRoot()), hadoop);
    }

    private void snapshot(RunState state) throws IOException {
        state.offsets = ArchiveCommitLog.archivedOffsets(fs(), layout, core.articlesTopic());
        Optional<BatchCutoff> published = publisher().current();
        // Nothing new: every archived record this run would read was read by the published run, and the cutoff does
        // not move forward (a later cutoff takes over hours, with their already-archived articles, from the speed view).
        state.nothingNew = published.isPresent() && published.get().offsets().equals(state.offsets)
                && !state.cutoff.isAfter(published.get().cutoff());
    }

    private KeywordHourlyCounts keywordHourly(RunState state) throws Exception {
        Configuration conf = new Configuration(hadoop);
        KeywordHourlyJob.configure(conf, state.cutoff, state.offsets);
        KeywordHourlyJob job = new KeywordHourlyJob();
        FileSystem fs = fs();
        Path view = layout.keywordHourlyView(state.version);
        deleteIfExists(fs, view); // a retried attempt starts over
        int rc = ToolRunner.run(conf, job, new String[] {layout.root().toString(), state.version});
        if (rc != 0 || job.lastCounts().isEmpty()) {
            deleteIfExists(fs, view); // never published; a half-written view must not be mistaken for one
            throw new StepFailure("keyword-hourly job exited with " + rc, false);
        }
        return job.lastCounts().get();
    }

    private void checkInput(RunState state) throws StepFailure {
        KeywordHourlyCounts c = state.counts;
        if (c.invalidShare() > batch.invalidMaxShare()) {
            // Permanent: the same input gives the same share; retrying would only delay the report.
            throw new StepFailure(String.format(Locale.ROOT,
                    "invalid share %.4f (%d of %d input records) is over batch.invalid.max.share %.4f; not publishing",
                    c.invalidShare(), c.invalidRecords(), c.inputRecords(), batch.invalidMaxShare()), true);
        }
    }

    private BaselineSummary baselines(RunState state) throws Exception {
        FileSystem fs = fs();
        Optional<LocalDate> firstDay = ArchiveHistory.firstArchivedDay(fs, layout, lastDayBefore(state.cutoff));
        Configuration conf = new Configuration(hadoop);
        BaselinesJob.configure(conf, state.cutoff, batch.baselineDays(), batch.baselineMinMentions(), firstDay);
        Path out = ViewPaths.baselinesView(layout, state.version);
        deleteIfExists(fs, out);
        BaselinesJob job = new BaselinesJob();
        int rc = ToolRunner.run(conf, job, new String[] {layout.root().toString(), state.version});
        if (rc != 0 || job.lastSummary().isEmpty()) {
            deleteIfExists(fs, out);
            throw new StepFailure("baselines job exited with " + rc, false);
        }
        return job.lastSummary().get();
    }

    private long features(RunState state) throws Exception {
        FileSystem fs = fs();
        Optional<LocalDate> firstDay = ArchiveHistory.firstArchivedDay(fs, layout, lastDayBefore(state.cutoff));
        Configuration conf = new Configuration(hadoop);
        KeywordFeaturesJob.configure(conf, state.cutoff, batch.baselineDays(), firstDay);
        Path out = ViewPaths.featuresView(layout, state.version);
        deleteIfExists(fs, out);
        KeywordFeaturesJob job = new KeywordFeaturesJob();
        int rc = ToolRunner.run(conf, job, new String[] {layout.root().toString(), state.version});
        if (rc != 0 || job.lastRows().isEmpty()) {
            deleteIfExists(fs, out);
            throw new StepFailure("features job exited with " + rc, false);
        }
        return job.lastRows().getAsLong();
    }

    private void publish(RunState state) throws Exception {
        BatchViewPublisher publisher = publisher();
        Optional<BatchCutoff> current = publisher.current();
        if (current.isPresent() && current.get().version().equals(state.version)) {
            // An attempt (or an earlier Oozie action) published it already and failed afterwards: done.
            LOG.info("batch run {}: already published", state.version);
            return;
        }
        BaselineSummary baselines = state.baselines.orElseThrow(() ->
                new StepFailure("publish needs the baselines step's result; it has not run", true));
        BatchViewPublisher.Published p = publisher.publish(layout.keywordHourlyView(state.version),
                new BatchViewPublisher.Baselines(ViewPaths.baselinesView(layout, state.version), baselines),
                state.version, state.cutoff, state.offsets);
        state.previousVersion = p.previousVersion();
        state.previousCutoff = p.previous().map(BatchCutoff::cutoff);
        state.deletedVersions = new ArrayList<>(p.deletedVersions());
    }

    private void reconcile(RunState state) {
        // After a "nothing new" snapshot nothing was published: the check compares the version being served.
        Optional<BatchCutoff> served = publisher().current();
        if (served.isEmpty()) {
            LOG.info("batch run {}: nothing published, nothing to reconcile", state.version);
            return;
        }
        state.reconciliation = Optional.of(new Reconciler(redis, batch.reconcileHours(), batch.reconcileMinMentions(),
                batch.reconcileMaxDrift()).reconcile(served.get().version(), served.get().cutoff(), state.previousCutoff));
    }

    private BatchViewPublisher publisher() {
        try {
            return new BatchViewPublisher(redis, fs(), batch.publishChunkSize(), clock)
                    .withRetention(layout, batch.versionKeep(), batch.versionGrace());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code reports/batch/<version>.json} (the run history: one file per run, never overwritten by another
     * run) and the same JSON to {@code sg:status:batch}.
     *
     * @return the problems, empty when both were written
     */
    List<String> writeReport(BatchReport report) {
        String json = BatchReportJson.encode(report);
        List<String> problems = new ArrayList<>();
        try (FSDataOutputStream out = fs().create(layout.batchReport(report.version()), true)) {
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        } catch (IOException e) {
            problems.add("report file: " + e);
        }
        try {
            redis.set(RedisKeys.BATCH_STATUS, json);
        } catch (RuntimeException e) {
            problems.add(RedisKeys.BATCH_STATUS + ": " + e);
        }
        return problems;
    }

    /** The UTC day of the last hour before {@code cutoff}. */
    private static LocalDate lastDayBefore(Instant cutoff) {
        return LocalDate.ofInstant(cutoff.minusSeconds(3600), ZoneOffset.UTC);
    }

    private static void deleteIfExists(FileSystem fs, Path p) throws IOException {
        if (fs.exists(p) && !fs.delete(p, true)) {
            throw new IOException("could not delete " + p);
        }
    }

    /** A step failed for a reason already stated in its message; {@code permanent} ones are not retried. */
    static final class StepFailure extends Exception {
        final boolean permanent;

        StepFailure(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }
    }
}
