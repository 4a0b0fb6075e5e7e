package io.silgeom.batch.reconcile;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * The periodic consistency check of the lambda architecture (DESIGN.md §1): after a batch view is published, the
 * speed view's hour buckets (generation {@code sg:speed:current}) are compared with the batch view's for the hours
 * both hold, in slice {@code all:all}: the batch view's one hash against the sum of the speed view's leaf slices
 * ({@code RedisKeys.speedSlices}; the speed view writes leaves only). The two compute the same thing from the same records, so they should agree;
 * they legitimately differ only by
 *
 * <ul>
 *   <li>articles that arrived after the batch cutoff had passed their hour: late for the speed layer, counted by the
 *       batch view (so older hours drift a little);
 *   <li>a copy of an article whose id the speed layer no longer remembers ({@code speed.dedupe.horizon}).
 * </ul>
 *
 * Hours compared: the last {@code hours} hours before the cutoff, and none before the cutoff of the batch view this
 * one replaced (the publish step records it): an hour before it was the previous view's to serve, so the
 * speed layer dropped its late articles (event time before the cutoff of the day) that the new run counts: a drift
 * by design, not an error. (A demo restarted on a kept work directory backfills such hours; they turned the status
 * red.) Of those, the hours that are in the batch view's hours set and for which
 * the speed view holds a bucket of some leaf (a rebuilt generation, or an expired bucket, has none: not compared). Per hour:
 * {@link HourDrift}. An hour is judged when either side has at least {@code minMentions}; the check is not ok when
 * a judged hour's relative drift is over {@code maxDrift}.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final UnifiedJedis redis;
    private final int hours;
    private final long minMentions;
    private final double maxDrift;

    public Reconciler(UnifiedJedis redis, int hours, long minMentions, double maxDrift) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (hours < 1) {
            throw new IllegalArgumentException("hours must be at least 1, got " + hours);
        }
        this.hours = hours;
        this.minMentions = minMentions;
        this.maxDrift = maxDrift;
    }

    /** Compares batch view {@code version} (cutoff {@code cutoff}) with the current speed view. */
    public Reconciliation reconcile(String version, Instant cutoff) {
        return reconcile(version, cutoff, Optional.empty());
    }

    /**
     * Compares batch view {@code version} (cutoff {@code cutoff}), published over a view with cutoff
     * {@code previousCutoff}, with the current speed view: only the hours from the previous view's cutoff on, which
     * the speed view served until now.
     */
    public Reconciliation reconcile(String version, Instant cutoff, Optional<Instant> previousCutoff) {
        String generation = RedisKeys.speedGeneration(redis.get(RedisKeys.SPEED_CURRENT));
        Slice slice = Slice.TOTAL;
        Instant from = cutoff.minus(Duration.ofHours(hours));
        if (previousCutoff.isPresent() && previousCutoff.get().isAfter(from)) {
            from = previousCutoff.get().isBefore(cutoff) ? previousCutoff.get() : cutoff;
        }
        List<String> hourIds = new ArrayList<>();
        for (Instant h = from; h.isBefore(cutoff); h = h.plus(Duration.ofHours(1))) {
            hourIds.add(TimeBuckets.hourId(h));
        }
        List<Slice> covered = slice.coveredLeaves(Slice.parseLeaves(redis.smembers(RedisKeys.speedSlices(generation))));
        List<Response<Boolean>> inBatch = new ArrayList<>();
        List<Response<Map<String, String>>> batchCounts = new ArrayList<>();
        List<List<Response<Map<String, String>>>> speedCounts = new ArrayList<>();
        try (AbstractPipeline p = redis.pipelined()) {
            for (String hour : hourIds) {
                inBatch.add(p.sismember(RedisKeys.batchHours(version), hour));
                batchCounts.add(p.hgetAll(RedisKeys.batchHour(version, hour, slice)));
                List<Response<Map<String, String>>> counts = new ArrayList<>();
                for (Slice leaf : covered) {
                    counts.add(p.hgetAll(RedisKeys.speedHour(generation, hour, leaf)));
                }
                speedCounts.add(counts);
            }
            p.sync();
        }
        List<HourDrift> drifts = new ArrayList<>();
        List<String> over = new ArrayList<>();
        double maxRel = 0;
        for (int i = 0; i < hourIds.size(); i++) {
            // Redis keeps no empty hash: a speed bucket exists exactly when its HGETALL has fields.
            if (!inBatch.get(i).get() || speedCounts.get(i).stream().allMatch(r -> r.get().isEmpty())) {
                continue;
            }
            HourDrift d = drift(hourIds.get(i), batchCounts.get(i).get(), sum(speedCounts.get(i)));
            drifts.add(d);
            if (Reconciliation.judged(d, minMentions)) {
                maxRel = Math.max(maxRel, d.relDrift());
                if (d.relDrift() > maxDrift) {
                    over.add(d.hour());
                }
            }
        }
        Reconciliation r = new Reconciliation(version, generation, slice.toString(), from, cutoff, drifts, minMentions,
                maxDrift, maxRel, over, over.isEmpty());
        if (r.ok()) {
            LOG.info("reconciliation of batch view {} with speed generation {}: ok, {} hours compared, max drift {}",
                    version, generation, drifts.size(), maxRel);
        } else {
            LOG.warn("reconciliation of batch view {} with speed generation {}: drift over {} in hours {} (max {})",
                    version, generation, maxDrift, over, maxRel);
        }
        return r;
    }

    /** The drift of one hour from the two views' keyword counts. */
    static HourDrift drift(String hour, Map<String, String> batch, Map<String, String> speed) {
        Set<String> keywords = new HashSet<>(batch.keySet());
        keywords.addAll(speed.keySet());
        long batchTotal = 0;
        long speedTotal = 0;
        long abs = 0;
        int differing = 0;
        for (String k : keywords) {
            long b = parse(batch.get(k));
            long s = parse(speed.get(k));
            batchTotal += b;
            speedTotal += s;
            abs += Math.abs(s - b);
            if (s != b) {
                differing++;
            }
        }
        return new HourDrift(hour, batchTotal, speedTotal, abs, (double) abs / Math.max(1, batchTotal), differing);
    }

    /** The leaves' counts of one hour added up, as one hash of the roll-up would hold them. */
    private static Map<String, String> sum(List<Response<Map<String, String>>> leaves) {
        Map<String, Long> sums = new HashMap<>();
        for (Response<Map<String, String>> leaf : leaves) {
            leaf.get().forEach((k, v) -> sums.merge(k, parse(v), Long::sum));
        }
        Map<String, String> out = new HashMap<>();
        sums.forEach((k, v) -> out.put(k, Long.toString(v)));
        return out;
    }

    private static long parse(String v) {
        return v == null ? 0 : Long.parseLong(v);
    }
}
