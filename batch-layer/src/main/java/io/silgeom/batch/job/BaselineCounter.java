package io.silgeom.batch.job;

/** Hadoop counters of {@link BaselinesJob} and {@link KeywordFeaturesJob}. */
public enum BaselineCounter {
    /** Keyword-hourly view lines read. */
    VIEW_LINES,
    /** View lines that do not parse (the job fails on none; they are skipped and counted). */
    BAD_LINES,
    /** View lines outside the baseline window (older than the baseline days). */
    OUT_OF_WINDOW,
    /** (keyword, lang, source) triples written, roll-up slices included. */
    KEYS,
    /** Triples left out for too few mentions in the window. */
    KEYS_BELOW_MINIMUM,
    /** Lines written. */
    ROWS
}
