package io.silgeom.core.validation;

import java.time.Instant;

/**
 * Validates raw article records (UTF-8 JSON) against every rule of DESIGN.md §3.
 * STUB: to be implemented (core helper).
 */
public final class ArticleValidator {
    /** Default maximum record size: 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

    public ArticleValidator(int maxRecordBytes) {
    }

    public static ArticleValidator withDefaults() {
        return new ArticleValidator(DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param raw        the record bytes as received
     * @param receivedAt when the record entered the system (the Kafka record timestamp), for the
     *                   "more than 5 minutes in the future" rule; {@code null} skips that rule (the batch
     *                   layer re-validating archived records, which were checked on arrival)
     */
    public Verdict validate(byte[] raw, Instant receivedAt) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
