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
    static KeywordHourlyCounts of(Counters stage1, long viewRows) {
        return new KeywordHourlyCounts(get(stage1, KeywordHourlyCounter.RAW_LINES), get(stage1, KeywordHourlyCounter.PAST_SNAPSHOT),
                get(stage1, KeywordHourlyCounter.INVALID), get(stage1, KeywordHourlyCounter.QUARANTINED),
                get(stage1, KeywordHourlyCounter.QUARANTINE_UNREADABLE), get(stage1, KeywordHourlyCounter.DUPLICATES),
                get(stage1, KeywordHourlyCounter.AFTER_CUTOFF), get(stage1, KeywordHourlyCounter.COUNTED_ARTICLES),
                get(stage1, KeywordHourlyCounter.UNSAFE_KEYWORDS), viewRows);
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
