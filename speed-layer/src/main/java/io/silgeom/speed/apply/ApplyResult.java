package io.silgeom.speed.apply;

/**
 * What one apply did in Redis.
 *
 * @param skipped        the stored offset was already at or past the batch's last offset: nothing was written
 * @param applied        articles counted
 * @param duplicates     articles whose id had been counted before (seen marker present): not counted again
 * @param alreadyApplied articles at or below the stored offset (a batch overlapping another consumer's): not counted again
 * @param authorRepeats  keywords of counted social posts not counted because their author had already counted for
 *                       that keyword, language and hour (the social-author rule)
 */
public record ApplyResult(boolean skipped, long applied, long duplicates, long alreadyApplied, long authorRepeats) {
    public static final ApplyResult SKIPPED = new ApplyResult(true, 0, 0, 0, 0);

    public ApplyResult {
        if (applied < 0 || duplicates < 0 || alreadyApplied < 0 || authorRepeats < 0) {
            throw new IllegalArgumentException("counts must be >= 0, got: " + applied + ", " + duplicates + ", "
                    + alreadyApplied + ", " + authorRepeats);
        }
    }

    /** A result with no author repeats. */
    public ApplyResult(boolean skipped, long applied, long duplicates, long alreadyApplied) {
        this(skipped, applied, duplicates, alreadyApplied, 0);
    }
}
