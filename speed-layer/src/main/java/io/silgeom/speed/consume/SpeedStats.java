package io.silgeom.speed.consume;

/**
 * Counters of one speed-layer process since it started.
 *
 * @param applied        articles counted into the speed view
 * @param duplicates     articles not counted because their id was counted before
 * @param late           valid articles not counted because their event time is before the published cutoff
 * @param dlq            records sent to the dead-letter topic
 * @param alreadyApplied articles not counted because Redis already held their offset (overlapping replays)
 * @param filtered       valid articles not counted because the content filter judged them hateful or abusive
 */
public record SpeedStats(long applied, long duplicates, long late, long dlq, long alreadyApplied, long filtered) {
    /** Without the content filter's count (nothing filtered). */
    public SpeedStats(long applied, long duplicates, long late, long dlq, long alreadyApplied) {
        this(applied, duplicates, late, dlq, alreadyApplied, 0);
    }
}
