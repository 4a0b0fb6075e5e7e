package io.silgeom.serving.merge;

import io.silgeom.core.config.DurationParser;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.config.ServingConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Counts for keywords over minutes, hours and days, merged from the batch view and the speed view.
 *
 * <p>Every query runs these steps, in this order:
 * <ol>
 *   <li>Read the published {@link BatchCutoff} and the speed generation once, in one {@code MGET} of
 *       {@link RedisKeys#BATCH_CURRENT} and {@link RedisKeys#SPEED_CURRENT}: version {@code v}, cutoff hour {@code T},
 *       generation {@code g}, and the leaf slices {@code g} has written ({@link RedisKeys#speedSlices}; read with them
 *       for the generation found last time, read again only when {@code g} has changed). All later
 *       steps use these values ({@link PublishedViews}), so a publish during the query cannot mix {@code v} and
 *       {@code v+1}. No batch view yet: every hour is the speed view's. A leaf first written after this read is
 *       left out of this query, as everything applied after it may be: the answer is as of the read.
 *   <li>Plan the buckets ({@link BucketPlanner}): hours {@code h < T} from batch view {@code v}
 *       ({@link RedisKeys#batchHour}); {@code T} is exclusive, the run covers event time {@code < T}. Hours
 *       {@code h >= T} from speed generation {@code g} ({@link RedisKeys#speedHour}). Minutes are speed-only
 *       ({@link RedisKeys#speedMinute}). A day is the sum of its 24 UTC hours. The batch view holds every slice
 *       as one hash; the speed view holds leaf slices only, so a speed bucket of {@code all:all} or {@code ko:all}
 *       is the sum of the hashes of the leaves it covers.
 *   <li>Read every planned hash in one pipeline, together with an {@code EXISTS} on
 *       {@link RedisKeys#batchHours} when batch hours are used: a second and last round trip. The publisher lists
 *       every covered hour there (quiet ones too), so the set's absence means view {@code v} is not in Redis.
 *   <li>Sum per point and mark each point {@code batch}, {@code speed} or {@code mixed} (a day that spans {@code T}).
 * </ol>
 *
 * <p>Answers degraded instead of a silent wrong number: the result carries {@code degraded=true} and the reason when
 * a speed bucket at or after {@code T} is older than the speed view keeps it (hour or minute retention, so it may
 * have expired), when batch view {@code v} is not loaded (its hours set is gone: Redis lost it or it was deleted), or when Redis
 * fails or does not answer within the timeout (then the counts are empty). It never sums what it found and keeps
 * quiet about the hole.
 *
 * <p>Late articles (event time {@code < T}, arrived after run {@code v}) are in neither view until the next batch
 * run; they appear only in the speed layer's {@code late} metric. Minute buckets before {@code T} hold what the speed
 * layer counted before the cutoff moved past them: minutes are speed-only by design (DESIGN.md section 5).
 *
 * <p>Thread-safe: it holds no per-query state; the {@link RedisClient} pools connections.
 */
public final class MergedView {
    private static final Logger LOG = LoggerFactory.getLogger(MergedView.class);

    private final RedisClient redis;
    private final BucketPlanner planner;
    private final Clock clock;
    /** The speed generation the last {@link #published()} found: whose leaves the next one reads along. */
    private volatile String lastGeneration = RedisKeys.INITIAL_SPEED_GENERATION;

    public MergedView(RedisClient redis, Duration speedHourRetention, Duration speedMinuteRetention, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.planner = new BucketPlanner(speedHourRetention, speedMinuteRetention);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static MergedView create(RedisClient redis, ServingConfig config, Clock clock) {
        return new MergedView(redis, config.speedHourRetention(), config.speedMinuteRetention(), clock);
    }

    /**
     * Step 1 on its own: the views a query would read now. Callers that make several reads for one answer (a trend
     * score reads the window and the baseline) read this once and pass it to each read.
     *
     * @throws RedisUnavailableException when Redis fails or times out
     * @throws IllegalStateException     when {@link RedisKeys#BATCH_CURRENT} holds something that is not a cutoff
     */
    public PublishedViews published() {
        List<String> values;
        Set<String> leafNames;
        String generation;
        String guess = lastGeneration;
        try {
            // The leaves of the generation read last time travel in the same round trip; they are read again only
            // when the generation has moved on (a rebuild's switch), which is rare.
            Response<List<String>> current;
            Response<Set<String>> guessedLeaves;
            try (AbstractPipeline p = redis.pipelined()) {
                current = p.mget(RedisKeys.BATCH_CURRENT, RedisKeys.SPEED_CURRENT);
                guessedLeaves = p.smembers(RedisKeys.speedSlices(guess));
                p.sync();
            }
            values = current.get();
            generation = RedisKeys.speedGeneration(values.get(1));
            leafNames = generation.equals(guess) ? guessedLeaves.get() : redis.smembers(RedisKeys.speedSlices(generation));
            lastGeneration = generation;
        } catch (JedisException e) {
            throw new RedisUnavailableException(e);
        }
        BatchCutoff batch = null;
        if (values.get(0) != null) {
            try {
                batch = BatchCutoffJson.decode(values.get(0));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(RedisKeys.BATCH_CURRENT + " is unreadable: " + e.getMessage(), e);
            }
        }
        try {
            return new PublishedViews(batch, generation, Slice.parseLeaves(leafNames));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(RedisKeys.speedSlices(generation) + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Counts of {@code keyword} (canonical form) per step over {@code [from, to)}, floored/ceiled to the step. */
    public KeywordSeries series(String keyword, Slice slice, Instant from, Instant to, SeriesStep step) {
        Objects.requireNonNull(keyword, "keyword");
        requireRange(from, to);
        Instant start = step.floor(from);
        Instant end = step.ceil(to);
        try {
            PublishedViews views = published();
            List<PlannedPoint> plan = planner.plan(views, slice, start, end, step, clock.instant());
            Fetched<String> fetched = fetch(views, plan, (p, key) -> p.hget(key, keyword));
            List<CountPoint> points = new ArrayList<>(plan.size());
            for (int i = 0; i < plan.size(); i++) {
                long sum = 0;
                for (Response<String> r : fetched.responses.get(i)) {
                    sum += parseCount(r.get());
                }
                points.add(new CountPoint(plan.get(i).start(), sum, plan.get(i).provenance()));
            }
            return new KeywordSeries(keyword, slice, step, start, end, views, points,
                    fetched.degradation.degraded(), fetched.degradation.reason());
        } catch (JedisException | RedisUnavailableException e) {
            return new KeywordSeries(keyword, slice, step, start, end, null, List.of(), true, unavailable(e));
        }
    }

    /** Every keyword's count summed over the hours of {@code [from, to)} (floored/ceiled to hours): exact top lists. */
    public RangeCounts hourTotals(Slice slice, Instant from, Instant to) {
        return withViews(slice, from, to, SeriesStep.HOUR, views -> hourTotals(views, slice, from, to));
    }

    /** As {@link #hourTotals(Slice, Instant, Instant)}, reading the given views. */
    public RangeCounts hourTotals(PublishedViews views, Slice slice, Instant from, Instant to) {
        return totals(views, slice, from, to, SeriesStep.HOUR);
    }

    /** Every keyword's count summed over the minutes of {@code [from, to)}: speed view only. */
    public RangeCounts minuteTotals(PublishedViews views, Slice slice, Instant from, Instant to) {
        return totals(views, slice, from, to, SeriesStep.MINUTE);
    }

    /** Counts of the given keywords (canonical forms) summed over the hours of {@code [from, to)}. */
    public RangeCounts hourCounts(PublishedViews views, Slice slice, Instant from, Instant to,
                                  Collection<String> keywords) {
        requireRange(from, to);
        Instant start = SeriesStep.HOUR.floor(from);
        Instant end = SeriesStep.HOUR.ceil(to);
        List<PlannedPoint> plan = planner.plan(views, slice, start, end, SeriesStep.HOUR, clock.instant());
        Provenance provenance = provenance(plan);
        String[] fields = new LinkedHashSet<>(keywords).toArray(String[]::new);
        if (fields.length == 0) {
            // Nothing to read, but the buckets the answer would need still decide whether it could be trusted.
            Degradation d = new Degradation();
            noteExpired(plan, d);
            return new RangeCounts(slice, start, end, Map.of(), provenance, views, d.degraded(), d.reason());
        }
        try {
            Fetched<List<String>> fetched = fetch(views, plan, (p, key) -> p.hmget(key, fields));
            Map<String, Long> counts = new HashMap<>();
            for (List<Response<List<String>>> point : fetched.responses) {
                for (Response<List<String>> r : point) {
                    List<String> values = r.get();
                    for (int f = 0; f < fields.length; f++) {
                        long c = parseCount(values.get(f));
                        if (c > 0) {
                            counts.merge(fields[f], c, Long::sum);
                        }
                    }
                }
            }
            return new RangeCounts(slice, start, end, counts, provenance, views,
                    fetched.degradation.degraded(), fetched.degradation.reason());
        } catch (JedisException e) {
            return new RangeCounts(slice, start, end, Map.of(), provenance, views, true, unavailable(e));
        }
    }

    /**
     * As {@link #hourCounts} on each hour of {@code [from, to)} (floored/ceiled to hours), in order, but every hour
     * read in one pipeline: one round trip instead of one per hour, which matters when Redis is busy applying the
     * speed layer's batches and each round trip waits behind one. Each hour's answer, degradation included, is what
     * {@link #hourCounts} of that hour alone would say.
     */
    public List<RangeCounts> hourCountsPerHour(PublishedViews views, Slice slice, Instant from, Instant to,
                                               Collection<String> keywords) {
        requireRange(from, to);
        Instant start = SeriesStep.HOUR.floor(from);
        Instant end = SeriesStep.HOUR.ceil(to);
        List<PlannedPoint> plan = planner.plan(views, slice, start, end, SeriesStep.HOUR, clock.instant());
        String[] fields = new LinkedHashSet<>(keywords).toArray(String[]::new);
        List<RangeCounts> out = new ArrayList<>(plan.size());
        if (fields.length == 0) {
            for (PlannedPoint point : plan) {
                out.add(hourCounts(views, slice, point.start(), point.start().plus(Duration.ofHours(1)), keywords));
            }
            return out;
        }
        try {
            Fetched<List<String>> fetched = fetch(views, plan, (p, key) -> p.hmget(key, fields));
            for (int i = 0; i < plan.size(); i++) {
                PlannedPoint point = plan.get(i);
                Map<String, Long> counts = new HashMap<>();
                for (Response<List<String>> r : fetched.responses.get(i)) {
                    List<String> values = r.get();
                    for (int f = 0; f < fields.length; f++) {
                        long c = parseCount(values.get(f));
                        if (c > 0) {
                            counts.merge(fields[f], c, Long::sum);
                        }
                    }
                }
                // The degradation of this hour alone, as a query of it alone would have found it.
                Degradation d = new Degradation();
                noteExpired(List.of(point), d);
                if (fetched.batchViewMissing) {
                    point.buckets().stream().filter(b -> b.kind() == BucketKind.BATCH_HOUR).forEach(b ->
                            d.bucket("batch hours", "are missing: batch view " + views.batch().version()
                                    + " is not loaded in Redis", b.bucketId()));
                }
                out.add(new RangeCounts(slice, point.start(), point.start().plus(Duration.ofHours(1)), counts,
                        point.provenance(), views, d.degraded(), d.reason()));
            }
        } catch (JedisException e) {
            String reason = unavailable(e);
            for (PlannedPoint point : plan) {
                out.add(new RangeCounts(slice, point.start(), point.start().plus(Duration.ofHours(1)), Map.of(),
                        point.provenance(), views, true, reason));
            }
        }
        return out;
    }

    /**
     * Whether any keyword has a count in the hour starting at {@code hour} (an {@code HLEN} of its bucket): a quiet
     * hour can be told apart without asking for each keyword. True as well when Redis fails: then nobody knows, and
     * the caller asks keyword by keyword, whose reads answer degraded.
     */
    public boolean hourHasCounts(PublishedViews views, Slice slice, Instant hour) {
        Instant start = SeriesStep.HOUR.floor(hour);
        List<PlannedPoint> plan = planner.plan(views, slice, start, start.plus(Duration.ofHours(1)), SeriesStep.HOUR,
                clock.instant());
        try {
            Fetched<Long> fetched = fetch(views, plan, (p, key) -> p.hlen(key));
            return fetched.responses.stream().flatMap(List::stream).anyMatch(r -> r.get() > 0);
        } catch (JedisException e) {
            LOG.debug("hour size unknown, assuming counts: {}", e.toString());
            return true;
        }
    }

    private RangeCounts totals(PublishedViews views, Slice slice, Instant from, Instant to, SeriesStep step) {
        requireRange(from, to);
        Instant start = step.floor(from);
        Instant end = step.ceil(to);
        List<PlannedPoint> plan = planner.plan(views, slice, start, end, step, clock.instant());
        Provenance provenance = provenance(plan);
        try {
            Fetched<Map<String, String>> fetched = fetch(views, plan, (p, key) -> p.hgetAll(key));
            Map<String, Long> counts = new HashMap<>();
            for (List<Response<Map<String, String>>> point : fetched.responses) {
                for (Response<Map<String, String>> r : point) {
                    r.get().forEach((keyword, value) -> counts.merge(keyword, parseCount(value), Long::sum));
                }
            }
            counts.values().removeIf(c -> c == 0);
            return new RangeCounts(slice, start, end, counts, provenance, views,
                    fetched.degradation.degraded(), fetched.degradation.reason());
        } catch (JedisException e) {
            return new RangeCounts(slice, start, end, Map.of(), provenance, views, true, unavailable(e));
        }
    }

    private RangeCounts withViews(Slice slice, Instant from, Instant to, SeriesStep step,
                                  java.util.function.Function<PublishedViews, RangeCounts> query) {
        requireRange(from, to);
        PublishedViews views;
        try {
            views = published();
        } catch (RedisUnavailableException e) {
            return new RangeCounts(slice, step.floor(from), step.ceil(to), Map.of(), Provenance.SPEED, null, true,
                    unavailable(e));
        }
        return query.apply(views);
    }

    /**
     * Step 3: one pipeline with every hash of every bucket read and the batch-hours membership check. The answers
     * of each point are the reads of all its buckets' hashes, in order: a point's count is their sum.
     */
    private <T> Fetched<T> fetch(PublishedViews views, List<PlannedPoint> plan,
                                 BiFunction<AbstractPipeline, String, Response<T>> read) {
        List<List<Response<T>>> responses = new ArrayList<>(plan.size());
        LinkedHashSet<String> batchHourIds = new LinkedHashSet<>();
        Response<Boolean> membership = null;
        try (AbstractPipeline p = redis.pipelined()) {
            for (PlannedPoint point : plan) {
                List<Response<T>> rs = new ArrayList<>(point.buckets().size());
                for (BucketRef b : point.buckets()) {
                    for (String key : b.keys()) {
                        rs.add(read.apply(p, key));
                    }
                    if (b.kind() == BucketKind.BATCH_HOUR) {
                        batchHourIds.add(b.bucketId());
                    }
                }
                responses.add(rs);
            }
            if (!batchHourIds.isEmpty()) {
                membership = p.exists(RedisKeys.batchHours(views.batch().version()));
            }
            p.sync();
        }
        Degradation degradation = new Degradation();
        noteExpired(plan, degradation);
        if (membership != null && !membership.get()) {
            for (String hourId : batchHourIds) {
                degradation.bucket("batch hours", "are missing: batch view " + views.batch().version()
                        + " is not loaded in Redis", hourId);
            }
        }
        if (degradation.degraded()) {
            LOG.debug("degraded answer: {}", degradation.reason());
        }
        return new Fetched<>(responses, degradation, membership != null && !membership.get());
    }

    private void noteExpired(List<PlannedPoint> plan, Degradation degradation) {
        for (PlannedPoint point : plan) {
            for (BucketRef b : point.buckets()) {
                if (b.mayHaveExpired()) {
                    if (b.kind() == BucketKind.SPEED_MINUTE) {
                        degradation.bucket("speed minute buckets", "are older than the minute retention "
                                + DurationParser.format(planner.speedMinuteRetention()) + " and may have expired",
                                b.bucketId());
                    } else {
                        degradation.bucket("speed hour buckets", "are older than the speed hour retention "
                                + DurationParser.format(planner.speedHourRetention()) + " and may have expired",
                                b.bucketId());
                    }
                }
            }
        }
    }

    private static Provenance provenance(List<PlannedPoint> plan) {
        Provenance p = null;
        for (PlannedPoint point : plan) {
            p = p == null ? point.provenance() : p.with(point.provenance());
        }
        return p;
    }

    private static String unavailable(RuntimeException e) {
        Throwable cause = e instanceof RedisUnavailableException && e.getCause() != null ? e.getCause() : e;
        LOG.warn("redis unavailable, answering degraded: {}", cause.toString());
        return "redis unavailable: " + cause.getMessage();
    }

    private static void requireRange(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to, got: " + from + " .. " + to);
        }
    }

    private static long parseCount(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("a count hash holds a non-number: " + value, e);
        }
    }

    /** @param batchViewMissing batch hours were read and the batch view's hours set is gone */
    private record Fetched<T>(List<List<Response<T>>> responses, Degradation degradation, boolean batchViewMissing) {
    }
}
