package io.silgeom.batch.schedule;

import java.util.Locale;

/** The steps of one batch run, in the order {@link BatchRun} runs them. */
public enum BatchStep {
    /** Optional: ask the in-process archiver to write what it has polled, so the snapshot includes it. */
    FLUSH_ARCHIVE,
    /** Read the archive's commit markers: per partition, the offsets this run covers. */
    SNAPSHOT,
    /** The keyword-hourly MapReduce job (two stages) into views/keyword_hourly/v=&lt;version&gt;/. */
    KEYWORD_HOURLY,
    /** Fail before publishing when the invalid share of the input is over {@code batch.invalid.max.share}. */
    CHECK_INPUT,
    /** Load the view into Redis, then publish version + cutoff + offsets in one write; delete old versions. */
    PUBLISH,
    /** Write reports/batch/&lt;version&gt;.json and the same JSON to sg:status:batch. Runs whatever happened before. */
    REPORT;

    /** Lower-case name used in reports and progress lines: {@code keyword_hourly}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
