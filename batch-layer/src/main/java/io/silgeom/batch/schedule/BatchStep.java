package io.silgeom.batch.schedule;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The steps of one batch run, in the order {@link BatchRun} runs them: THE step list of the batch layer. The Quartz
 * schedule of the embedded stack runs it in one process ({@link BatchRun}); the Oozie workflow runs one java action
 * per step ({@link BatchStepTool}), in this same order.
 */
public enum BatchStep {
    /** Optional (embedded stack only): ask the in-process archiver to write what it has polled. */
    FLUSH_ARCHIVE,
    /** Read the archive's commit markers: per partition, the offsets this run covers; fix cutoff and version. */
    SNAPSHOT,
    /** The keyword-hourly MapReduce job into views/keyword_hourly/v=&lt;version&gt;/. */
    KEYWORD_HOURLY,
    /** Fail before publishing when the invalid share of the input is over {@code batch.invalid.max.share}. */
    CHECK_INPUT,
    /** The baselines MapReduce job into views/baselines/v=&lt;version&gt;/. */
    BASELINES,
    /** The feature-table MapReduce job into views/features/v=&lt;version&gt;/ (for Hive and ML, not served). */
    FEATURES,
    /** Load view and baselines into Redis, then publish version + cutoff + offsets in one write; retire old versions. */
    PUBLISH,
    /** Compare the speed view with the new batch view over the hours both hold; drift per hour. */
    RECONCILE,
    /** Write reports/batch/&lt;version&gt;.json and the same JSON to sg:status:batch. Runs whatever happened before. */
    REPORT;

    /** The nightly steps, in order, without the embedded stack's optional {@link #FLUSH_ARCHIVE}. */
    public static final List<BatchStep> NIGHTLY = List.of(SNAPSHOT, KEYWORD_HOURLY, CHECK_INPUT, BASELINES, FEATURES,
            PUBLISH, RECONCILE, REPORT);

    /** Lower-case name used in reports, progress lines and {@code BatchStepTool --step}: {@code keyword_hourly}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the known steps when {@code name} is none of them
     */
    public static BatchStep fromWireName(String name) {
        for (BatchStep s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown step '" + name + "'; one of "
                + Arrays.stream(values()).map(BatchStep::wireName).toList());
    }
}
