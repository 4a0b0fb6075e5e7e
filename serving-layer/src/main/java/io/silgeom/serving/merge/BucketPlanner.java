package io.silgeom.serving.merge;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides, without touching Redis, which hash answers each point of a query: the merge rule of DESIGN.md section 5
 * as a pure function, so it can be tested bucket by bucket.
 *
 * <ul>
 *   <li>an hour {@code h < T} reads batch view {@code v}; an hour {@code h >= T} (or any hour before the first batch
 *       run) reads the speed view's hour bucket;</li>
 *   <li>a minute always reads the speed view's minute bucket;</li>
 *   <li>a day is its 24 UTC hours, each by the hour rule, so a day that spans {@code T} is {@link Provenance#MIXED};</li>
 *   <li>a batch bucket is one hash (the batch view stores every roll-up slice); a speed bucket is the hashes of the
 *       leaf slices the query's slice covers among those the speed view lists ({@link PublishedViews#speedLeaves()}),
 *       summed by the reader: the speed view stores leaves only ({@link Slice}).</li>
 * </ul>
 *
 * <p>A speed bucket is flagged {@code mayHaveExpired} when {@code now >= bucketStart + retention}. NOTE: the speed
 * layer sets the TTL no earlier than the bucket's first write, which is no earlier than the bucket start, so a bucket
 * younger than that is guaranteed to be present; an older one may be gone and reads as empty, not as zero.
 */
final class BucketPlanner {
    private final Duration speedHourRetention;
    private final Duration speedMinuteRetention;

    BucketPlanner(Duration speedHourRetention, Duration speedMinuteRetention) {
        this.speedHourRetention = Objects.requireNonNull(speedHourRetention, "speedHourRetention");
        this.speedMinuteRetention = Objects.requireNonNull(speedMinuteRetention, "speedMinuteRetention");
    }

    /**
     * Points of {@code [from, to)} at {@code step}; {@code from} is floored and {@code to} ceiled to the step, so
     * every point is a whole bucket.
     */
    List<PlannedPoint> plan(PublishedViews views, Slice slice, Instant from, Instant to, SeriesStep step, Instant now) {
        Instant start = step.floor(from);
        Instant end = step.ceil(to);
        List<PlannedPoint> points = new ArrayList<>();
        for (Instant p = start; p.isBefore(end); p = p.plus(step.length())) {
            points.add(switch (step) {
                case MINUTE -> point(p, List.of(minute(views, slice, p, now)));
                case HOUR -> point(p, List.of(hour(views, slice, p, now)));
                case DAY -> {
                    List<BucketRef> hours = new ArrayList<>(24);
                    for (int h = 0; h < 24; h++) {
                        hours.add(hour(views, slice, p.plus(Duration.ofHours(h)), now));
                    }
                    yield point(p, hours);
                }
            });
        }
        return points;
    }

    private static PlannedPoint point(Instant start, List<BucketRef> buckets) {
        Provenance provenance = null;
        for (BucketRef b : buckets) {
            provenance = provenance == null ? b.kind().provenance() : provenance.with(b.kind().provenance());
        }
        return new PlannedPoint(start, provenance, buckets);
    }

    BucketRef hour(PublishedViews views, Slice slice, Instant hourStart, Instant now) {
        String hourId = TimeBuckets.hourId(hourStart);
        if (views.batchAnswers(hourStart)) {
            return new BucketRef(List.of(RedisKeys.batchHour(views.batch().version(), hourId, slice)), hourId,
                    BucketKind.BATCH_HOUR, false);
        }
        boolean expired = !now.isBefore(hourStart.plus(speedHourRetention));
        return new BucketRef(speedKeys(views, slice, leaf -> RedisKeys.speedHour(views.speedGeneration(), hourId, leaf)),
                hourId, BucketKind.SPEED_HOUR, expired);
    }

    BucketRef minute(PublishedViews views, Slice slice, Instant minuteStart, Instant now) {
        String minuteId = TimeBuckets.minuteId(minuteStart);
        boolean expired = !now.isBefore(minuteStart.plus(speedMinuteRetention));
        return new BucketRef(speedKeys(views, slice, leaf -> RedisKeys.speedMinute(views.speedGeneration(), minuteId, leaf)),
                minuteId, BucketKind.SPEED_MINUTE, expired);
    }

    /** The speed view's hashes of one bucket of {@code slice}: one per leaf it covers ({@code keyOf} names it). */
    private static List<String> speedKeys(PublishedViews views, Slice slice, Function<Slice, String> keyOf) {
        List<String> keys = new ArrayList<>();
        for (Slice leaf : slice.coveredLeaves(views.speedLeaves())) {
            keys.add(keyOf.apply(leaf));
        }
        return keys;
    }

    Duration speedHourRetention() {
        return speedHourRetention;
    }

    Duration speedMinuteRetention() {
        return speedMinuteRetention;
    }
}
