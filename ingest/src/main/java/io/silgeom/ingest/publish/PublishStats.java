package io.silgeom.ingest.publish;

/**
 * What a publisher has done so far. {@code sent} counts records handed to the producer; each of them ends
 * as exactly one of {@code acked} or {@code failed}; the rest are still in flight.
 *
 * @param lastError the last failure's message, or null when nothing failed
 */
public record PublishStats(long sent, long acked, long failed, String lastError) {

    public long inFlight() {
        return sent - acked - failed;
    }
}
