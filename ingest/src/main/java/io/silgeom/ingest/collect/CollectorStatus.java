package io.silgeom.ingest.collect;

/**
 * Where a live collector reports the health of each of its inputs (one RSS feed, the X stream), for operators and
 * {@code silgeom status}. The command backs it with a Redis hash (ingest itself does not talk to Redis); tests keep
 * the values in a map.
 */
@FunctionalInterface
public interface CollectorStatus {
    /** Writes the latest health of one input, replacing the previous one. Must not throw for a status store outage. */
    void put(String input, String healthJson);

    /** Reports nowhere: for runs without a status store. */
    CollectorStatus NONE = (input, healthJson) -> { };
}
