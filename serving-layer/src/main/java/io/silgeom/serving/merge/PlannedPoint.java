package io.silgeom.serving.merge;

import java.time.Instant;
import java.util.List;

/** One point of an answer (a minute, an hour or a day) and the buckets whose counts add up to it. */
record PlannedPoint(Instant start, Provenance provenance, List<BucketRef> buckets) {
    PlannedPoint {
        buckets = List.copyOf(buckets);
    }
}
