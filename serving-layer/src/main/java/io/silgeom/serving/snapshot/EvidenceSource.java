package io.silgeom.serving.snapshot;

import io.silgeom.serving.signal.Headline;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Evidence headlines of the charted keywords, for a snapshot; {@code EvidenceReader::headlines} in production. */
@FunctionalInterface
public interface EvidenceSource {
    /** No evidence at all. */
    EvidenceSource NONE = (generation, from, to, keywords) -> Map.of();

    /** Canonical keyword → its newest headlines in {@code [from, to)}; absent keywords have none. */
    Map<String, List<Headline>> headlines(String speedGeneration, Instant from, Instant to, Collection<String> keywords);
}
