package io.silgeom.batch.schedule;

import io.silgeom.batch.job.KeywordHourlyCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one batch run did: written to {@code reports/batch/<version>.json} and {@code sg:status:batch}
 * ({@link BatchReportJson}).
 *
 * @param failedStep      empty when the run succeeded (the view is published)
 * @param error           why it failed, one line
 * @param offsets         the snapshot: per {@code topic:partition}, the next offset not covered by this run
 * @param counts          the job's counters ({@link KeywordHourlyCounts#NONE} if the job did not finish)
 * @param stepDurations   per step that ran, in order
 * @param previousVersion the version that was current before this run published (if it published)
 * @param deletedVersions batch view versions this run deleted from Redis (their HDFS views go by the same rule)
 */
public record BatchReport(String version, Instant cutoff, Instant startedAt, Instant finishedAt,
                          Optional<BatchStep> failedStep, Optional<String> error, Map<String, Long> offsets,
                          KeywordHourlyCounts counts, double invalidMaxShare, Map<BatchStep, Duration> stepDurations,
                          String viewPath, Optional<String> previousVersion, List<String> deletedVersions) {
    public BatchReport {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(failedStep, "failedStep");
        Objects.requireNonNull(error, "error");
        offsets = Map.copyOf(offsets);
        Objects.requireNonNull(counts, "counts");
        stepDurations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stepDurations));
        Objects.requireNonNull(viewPath, "viewPath");
        Objects.requireNonNull(previousVersion, "previousVersion");
        deletedVersions = List.copyOf(deletedVersions);
    }

    public boolean succeeded() {
        return failedStep.isEmpty();
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
