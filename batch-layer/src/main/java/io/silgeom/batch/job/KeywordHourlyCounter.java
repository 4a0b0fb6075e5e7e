package io.silgeom.batch.job;

/**
 * Hadoop counters of {@link KeywordHourlyJob}: what happened to every input line, so that nothing vanishes silently
 * and the batch run can judge the invalid share of its input.
 */
public enum KeywordHourlyCounter {
    /** Every line read from raw/articles. */
    RAW_LINES,
    /** Raw lines at or after the run's snapshot offset of their partition: not this run's input (a flush in progress). */
    PAST_SNAPSHOT,
    /** Raw lines of this run's input that failed re-validation or have no readable {@code _kafka} field; skipped. */
    INVALID,
    /** Dead letters in quarantine/ below the snapshot offsets: records rejected on arrival. */
    QUARANTINED,
    /** Quarantine lines that are not readable dead letters. */
    QUARANTINE_UNREADABLE,
    /** Copies of an article id after the first one (by partition, offset). */
    DUPLICATES,
    /** Distinct articles whose first copy has event time at or after the cutoff T: left to the speed view. */
    AFTER_CUTOFF,
    /** Distinct articles before T that the content policy excludes (judged hate): counted nowhere else. */
    FILTERED,
    /** Distinct articles counted (event time before T). */
    COUNTED_ARTICLES,
    /** Keywords skipped because their text holds a tab or line break, which the line format cannot carry. */
    UNSAFE_KEYWORDS
}
