package io.silgeom.batch.schedule;

import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.batch.job.KeywordHourlyCounts;
import io.silgeom.batch.reconcile.Reconciliation;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one batch run did: written to {@code reports/batch/<version>.json} and {@code sg:status:batch}
 * ({@link BatchReportJson}). The same JSON is the state the steps of an Oozie run hand to each other
 * ({@link BatchStepTool}).
 *
 * @param failedStep      empty when the run succeeded (the view is published)
 * @param error           why it failed, one line
 * @param offsets         the snapshot: per {@code topic:partition}, the next offset not covered by this run
 * @param nothingNew      the snapshot equals what is published already (same offsets, cutoff not later)
 * @param counts          the keyword-hourly job's counters ({@link KeywordHourlyCounts#NONE} if it did not finish)
 * @param steps           per step that ran, in order
 * @param baselines       what the baselines job wrote, if it ran
 * @param featureRows     lines the features job wrote (0 if it did not run)
 * @param previousVersion the version that was current before this run published (if it published)
 * @param previousCutoff  that version's cutoff (the reconciliation compares hours from it on)
 * @param deletedVersions batch view versions this run retired (Redis keys and HDFS views)
 * @param reconciliation  speed view against the new batch view, if that step ran
 */
public record BatchReport(String version, Instant cutoff, Instant startedAt, Instant finishedAt,
                          Optional<BatchStep> failedStep, Optional<String> error, Map<String, Long> offsets,
                          boolean nothingNew, KeywordHourlyCounts counts, double invalidMaxShare,
                          List<StepResult> steps, String viewPath, Optional<BaselineSummary> baselines,
                          long featureRows, Optional<String> previousVersion, Optional<Instant> previousCutoff,
                          List<String> deletedVersions,
                          Optional<Reconciliation> reconciliation) {
    public BatchReport {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(failedStep, "failedStep");
        Objects.requireNonNull(error, "error");
        offsets = Map.copyOf(offsets);
        Objects.requireNonNull(counts, "counts");
        steps = List.copyOf(steps);
        Objects.requireNonNull(viewPath, "viewPath");
        Objects.requireNonNull(baselines, "baselines");
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(previousCutoff, "previousCutoff");
        deletedVersions = List.copyOf(deletedVersions);
        Objects.requireNonNull(reconciliation, "reconciliation");
    }

    public boolean succeeded() {
        return failedStep.isEmpty();
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** Per step that ran, in order: its duration. */
    public Map<BatchStep, Duration> stepDurations() {
        Map<BatchStep, Duration> out = new LinkedHashMap<>();
        steps.forEach(s -> out.put(s.step(), s.took()));
        return out;
    }

    /** The result of {@code step}, if it ran. */
    public Optional<StepResult> step(BatchStep step) {
        return steps.stream().filter(s -> s.step() == step).findFirst();
    }
}
