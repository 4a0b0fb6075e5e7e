package io.silgeom.batch.schedule;

import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.batch.job.KeywordHourlyCounts;
import io.silgeom.batch.reconcile.Reconciliation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the steps of one run have found so far; each step reads what earlier steps put here and adds its result. In
 * one process ({@link BatchRun}) it lives in memory; across Oozie actions ({@link BatchStepTool}) it travels as the
 * report JSON in the run's state file. Not thread-safe: one run's steps run one after the other.
 */
final class RunState {
    final String version;
    final Instant cutoff;
    final Instant startedAt;
    final double invalidMaxShare;
    final String viewPath;
    Map<String, Long> offsets = Map.of();
    boolean nothingNew;
    KeywordHourlyCounts counts = KeywordHourlyCounts.NONE;
    Optional<BaselineSummary> baselines = Optional.empty();
    long featureRows;
    Optional<String> previousVersion = Optional.empty();
    Optional<Instant> previousCutoff = Optional.empty();
    List<String> deletedVersions = new ArrayList<>();
    Optional<Reconciliation> reconciliation = Optional.empty();
    final List<StepResult> steps = new ArrayList<>();
    Optional<BatchStep> failedStep = Optional.empty();
    Optional<String> error = Optional.empty();
    /** Why the report step could not write everything (not part of the report itself); empty when it did. */
    List<String> reportProblems = List.of();

    RunState(String version, Instant cutoff, Instant startedAt, double invalidMaxShare, String viewPath) {
        this.version = Objects.requireNonNull(version, "version");
        this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.invalidMaxShare = invalidMaxShare;
        this.viewPath = Objects.requireNonNull(viewPath, "viewPath");
    }

    static RunState of(BatchReport r) {
        RunState s = new RunState(r.version(), r.cutoff(), r.startedAt(), r.invalidMaxShare(), r.viewPath());
        s.offsets = r.offsets();
        s.nothingNew = r.nothingNew();
        s.counts = r.counts();
        s.baselines = r.baselines();
        s.featureRows = r.featureRows();
        s.previousVersion = r.previousVersion();
        s.previousCutoff = r.previousCutoff();
        s.deletedVersions = new ArrayList<>(r.deletedVersions());
        s.reconciliation = r.reconciliation();
        s.steps.addAll(r.steps());
        s.failedStep = r.failedStep();
        s.error = r.error();
        return s;
    }

    BatchReport toReport(Instant finishedAt) {
        return new BatchReport(version, cutoff, startedAt, finishedAt, failedStep, error, offsets, nothingNew, counts,
                invalidMaxShare, steps, viewPath, baselines, featureRows, previousVersion, previousCutoff, deletedVersions,
                reconciliation);
    }

    boolean failed() {
        return failedStep.isPresent();
    }

    /** Replaces an earlier result of the same step (an Oozie action that ran again), else appends. */
    void record(StepResult result) {
        steps.removeIf(s -> s.step() == result.step());
        steps.add(result);
        if (!result.succeeded() && failedStep.isEmpty()) {
            failedStep = Optional.of(result.step());
            error = result.error();
        }
    }
}
