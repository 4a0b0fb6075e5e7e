package io.silgeom.speed.apply;

import io.silgeom.core.redis.RedisKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes partition batches into one generation of the speed view, each in one atomic step, and tells
 * where each partition stands.
 *
 * <p>What "exactly once" rests on, per partition (DESIGN.md §6):
 * <ol>
 *   <li>The counts of a batch and the offset it reached are written by one Lua script: both or neither.
 *   <li>The script does nothing when the stored offset is already at or past the batch's last offset, and
 *       counts no article at or below it, so reading a partition again after a crash changes nothing.
 *   <li>A partition resumes at the stored offset + 1 ({@link #storedOffset}); Kafka's committed offset is
 *       only a fallback for a partition this generation never applied, and a monitoring aid.
 *   <li>An article id is counted once: its seen marker is set in the same script (SET NX), so a second copy,
 *       in the same batch or a later one within the dedupe horizon, counts as a duplicate.
 *   <li>The call is built from what Redis held when read just before (stored offset, seen markers, author and site
 *       markers: {@link ViewState}); the script checks all of it again and refuses the whole call if anything has
 *       changed, writing nothing, and the writer reads again. So a concurrent writer costs a retry, never a count.
 * </ol>
 *
 * <p>The generation is read once, when the writer is opened. A rebuild writes a new generation with a writer of
 * its own ({@link #forGeneration}), makes it current ({@link #makeCurrent}) and the speed layer swaps writers.
 */
public final class SpeedViewWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewWriter.class);
    /** Refusals in a row before an apply fails; each needs another writer to change this batch's markers in between. */
    private static final int MAX_ATTEMPTS = 10;

    private final UnifiedJedis redis;
    private final ApplyScript script;
    private final String generation;
    private final SpeedRetention retention;
    private final EvidenceLimits evidence;
    private final Clock clock;

    private SpeedViewWriter(UnifiedJedis redis, ApplyScript script, String generation, SpeedRetention retention,
                            EvidenceLimits evidence, Clock clock) {
        this.redis = redis;
        this.script = script;
        this.generation = generation;
        this.retention = retention;
        this.evidence = evidence;
        this.clock = clock;
    }

    /**
     * Reads the current generation ({@link RedisKeys#SPEED_CURRENT}, else
     * {@link RedisKeys#INITIAL_SPEED_GENERATION}) and loads the apply script. The caller keeps owning {@code redis}.
     */
    public static SpeedViewWriter open(UnifiedJedis redis, SpeedRetention retention, EvidenceLimits evidence, Clock clock) {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(clock, "clock");
        String generation = currentGeneration(redis);
        LOG.info("speed view: writing generation {}", generation);
        RedisEviction.warning(redis).ifPresent(LOG::warn);
        return new SpeedViewWriter(redis, ApplyScript.load(redis), generation, retention, evidence, clock);
    }

    /** {@link #open(UnifiedJedis, SpeedRetention, EvidenceLimits, Clock)} with {@link EvidenceLimits#DEFAULT}. */
    public static SpeedViewWriter open(UnifiedJedis redis, SpeedRetention retention, Clock clock) {
        return open(redis, retention, EvidenceLimits.DEFAULT, clock);
    }

    /** A writer for a given generation (a rebuild's new one), current or not. The caller keeps owning {@code redis}. */
    public static SpeedViewWriter forGeneration(UnifiedJedis redis, String generation, SpeedRetention retention,
                                                EvidenceLimits evidence, Clock clock) {
        Objects.requireNonNull(redis, "redis");
        RedisKeys.speedOffsets(generation);   // a valid token, checked now rather than at the first apply
        return new SpeedViewWriter(redis, ApplyScript.load(redis), generation,
                Objects.requireNonNull(retention, "retention"), Objects.requireNonNull(evidence, "evidence"),
                Objects.requireNonNull(clock, "clock"));
    }

    /** {@link #forGeneration(UnifiedJedis, String, SpeedRetention, EvidenceLimits, Clock)} with default evidence limits. */
    public static SpeedViewWriter forGeneration(UnifiedJedis redis, String generation, SpeedRetention retention, Clock clock) {
        return forGeneration(redis, generation, retention, EvidenceLimits.DEFAULT, clock);
    }

    /** The generation {@link RedisKeys#SPEED_CURRENT} names now, else {@link RedisKeys#INITIAL_SPEED_GENERATION}. */
    public static String currentGeneration(UnifiedJedis redis) {
        return RedisKeys.speedGeneration(redis.get(RedisKeys.SPEED_CURRENT));
    }

    /** True if this generation has applied any partition (its offsets hash exists). */
    public static boolean exists(UnifiedJedis redis, String generation) {
        return redis.exists(RedisKeys.speedOffsets(generation));
    }

    public String generation() {
        return generation;
    }

    /**
     * Applies one partition's batch: its articles' counts, seen markers and display forms, and its last offset.
     *
     * @throws IllegalArgumentException if the batch is empty
     */
    public ApplyResult apply(PartitionBatch batch) {
        ApplyPlan plan = ApplyPlan.of(batch, generation, retention, evidence, clock.instant());
        for (int attempt = 1; ; attempt++) {
            ApplyCall call = plan.call(ViewState.read(redis, plan.questions()));
            ApplyResult result;
            try {
                result = script.run(call);
            } catch (ApplyScript.Refused refused) {
                // Another writer changed what the call was built on between the read and the script (a rebalance's
                // old owner, another instance's author marker). Nothing was written: read again and rebuild.
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("speed view: " + batch.topic() + ":" + batch.partition()
                            + " refused " + MAX_ATTEMPTS + " times in a row, last because " + refused.getMessage());
                }
                LOG.info("speed view: {}:{} apply refused ({}), reading again", batch.topic(), batch.partition(),
                        refused.getMessage());
                continue;
            }
            if (result.skipped()) {
                LOG.info("speed view: {}:{} up to offset {} was applied before, skipped (a replay)",
                        batch.topic(), batch.partition(), batch.lastOffset());
            }
            return result;
        }
    }

    /**
     * Sends the applies of several partitions' batches and returns without waiting for Redis to run them, so that the
     * caller reads and analyzes the next records meanwhile; {@link SentApplies#settle()} then waits for the answers.
     * {@link #prepare} and {@link PreparedApplies#send()} in one go.
     */
    public SentApplies send(List<PartitionBatch> batches) {
        return prepare(batches, null).send();
    }

    /**
     * Builds the calls of several partitions' batches without sending them. One pipelined round trip reads what every
     * batch's call depends on; the calls are then built one after another, each counting on the claims of the ones
     * before it (they run in that order).
     *
     * <p>{@code before}, if not null, is the previous flush's calls, built and maybe not yet run: these calls are then
     * built as if it had been applied (its claims, and for a partition it also holds, its last offset as the stored
     * one), so that they can be built while Redis runs it. They must only be sent once every one of its batches was
     * applied or skipped: a call built on a claim or an offset that did not happen is refused by the script, and
     * applying a refused call again with a fresh read ({@link SentApplies#settle()}) is right only once the earlier
     * batch of its partition is in Redis. {@link PreparedApplies#send()} checks it.
     */
    public PreparedApplies prepare(List<PartitionBatch> batches, PreparedApplies before) {
        Instant now = clock.instant();
        List<ApplyPlan> plans = new ArrayList<>(batches.size());
        batches.forEach(b -> plans.add(ApplyPlan.of(b, generation, retention, evidence, now)));
        List<ViewState.Pending> reads = new ArrayList<>(plans.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            plans.forEach(plan -> reads.add(ViewState.request(pipeline, plan.questions())));
            pipeline.sync();
        }
        List<PreparedApplies.Built> calls = new ArrayList<>(plans.size());
        // What the calls before each one claim, the earlier flush's included: one set, grown as the calls are built.
        ApplyCall.Claims claimed = new ApplyCall.Claims(new HashSet<>(), new HashMap<>());
        if (before != null) {
            before.calls().forEach(c -> addClaims(claimed, c.call().claims()));
        }
        for (int i = 0; i < plans.size(); i++) {
            ViewState state = reads.get(i).get().claiming(claimed);
            PartitionBatch batch = batches.get(i);
            if (before != null) {
                long ahead = before.lastOffset(batch.topic(), batch.partition());
                if (ahead != PartitionBatch.NO_OFFSET && state.storedOffsetOrMinusOne() < ahead) {
                    state = state.withStoredOffset(Long.toString(ahead));
                }
            }
            ApplyCall call = plans.get(i).call(state);
            addClaims(claimed, call.claims());
            calls.add(new PreparedApplies.Built(batch, call));
        }
        return new PreparedApplies(this, script, calls, before);
    }

    private static void addClaims(ApplyCall.Claims into, ApplyCall.Claims claims) {
        into.seenKeys().addAll(claims.seenKeys());
        claims.markerFields().forEach((key, fields) -> into.markerFields().computeIfAbsent(key, k -> new HashSet<>()).addAll(fields));
    }

    AbstractPipeline pipelined() {
        return redis.pipelined();
    }

    /** The last offset applied to this generation for a partition, if any. */
    public OptionalLong storedOffset(String topic, int partition) {
        String field = RedisKeys.offsetField(topic, partition);
        String value = redis.hget(RedisKeys.speedOffsets(generation), field);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(RedisKeys.speedOffsets(generation) + " field " + field
                    + " holds " + value + ", not an offset", e);
        }
    }

    /**
     * Records {@code lastOffset} as this generation's position of a partition it never applied (HSETNX: a stored
     * offset is never moved), so that a restart resumes there rather than at Kafka's committed offset.
     */
    public void recordPositionIfAbsent(String topic, int partition, long lastOffset) {
        redis.hsetnx(RedisKeys.speedOffsets(generation), RedisKeys.offsetField(topic, partition), Long.toString(lastOffset));
    }

    /** Publishes this generation as the speed view: one SET of {@link RedisKeys#SPEED_CURRENT}, the atomic switch. */
    public void makeCurrent() {
        redis.set(RedisKeys.SPEED_CURRENT, generation);
        LOG.info("speed view: generation {} is now current", generation);
    }
}
