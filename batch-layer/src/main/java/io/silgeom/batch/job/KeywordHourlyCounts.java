package io.silgeom.batch.job;

import org.apache.hadoop.mapreduce.Counters;

/**
 * The counters of one {@link KeywordHourlyJob} run (see {@link KeywordHourlyCounter} for each meaning).
 */
public record KeywordHourlyCounts(long rawLines, long pastSnapshot, long invalid, long quarantined,
                                  long quarantineUnreadable, long duplicates, long afterCutoff, long countedArticles,
                                  long unsafeKeywords, long viewRows) {
    public static final KeywordHourlyCounts NONE = new KeywordHourlyCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Reads the job's counters and its view row count. */
    static KeywordHourlyCounts of(Counters counters, long viewRows) {
        return new KeywordHourlyCounts(get(counters, KeywordHourlyCounter.RAW_LINES), get(counters, KeywordHourlyCounter.PAST_SNAPSHOT),
                get(counters, KeywordHourlyCounter.INVALID), get(counters, KeywordHourlyCounter.QUARANTINED),
                get(counters, KeywordHourlyCounter.QUARANTINE_UNREADABLE), get(counters, KeywordHourlyCounter.DUPLICATES),
                get(counters, KeywordHourlyCounter.AFTER_CUTOFF), get(counters, KeywordHourlyCounter.COUNTED_ARTICLES),
                get(counters, KeywordHourlyCounter.UNSAFE_KEYWORDS), viewRows);
    }

    private static long get(Counters c, KeywordHourlyCounter name) {
        return c.findCounter(name).getValue();
    }

    /** Records of this run's input: archived lines below the snapshot plus quarantined dead letters. */
    public long inputRecords() {
        return rawLines - pastSnapshot + quarantined + quarantineUnreadable;
    }

    /** Invalid records of this run's input: rejected on arrival (quarantined) or on re-validation. */
    public long invalidRecords() {
        return invalid + quarantined + quarantineUnreadable;
    }

    /** {@link #invalidRecords()} / {@link #inputRecords()}, 0 for an empty input. */
    public double invalidShare() {
        long in = inputRecords();
        return in == 0 ? 0.0 : (double) invalidRecords() / in;
    }
}
