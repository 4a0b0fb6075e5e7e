package io.silgeom.serving.snapshot;

import io.silgeom.core.redis.RedisKeys;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The views' progress as Redis holds it, in one pipelined round trip of three small reads: the published batch view
 * ({@link RedisKeys#BATCH_CURRENT}, a short JSON string), the live speed generation ({@link RedisKeys#SPEED_CURRENT})
 * and that generation's offsets hash ({@link RedisKeys#speedOffsets}: one field per topic partition, written by the
 * same Lua call that applies the counts, so a new offset means new counts are readable). Any of them moving means
 * a new snapshot may differ.
 *
 * <p>NOTE: polled rather than pushed (Redis pub/sub) because the speed layer would have to publish, and a missed
 * message would leave the chart stale until the interval; a poll costs a few hundred bytes every
 * {@code serving.refresh.watch} and recovers by itself.
 */
public final class RedisViewProgress implements ViewProgress {
    private static final Logger LOG = LoggerFactory.getLogger(RedisViewProgress.class);

    private final RedisClient redis;
    /** The generation whose offsets the next read pipelines; only the refresher's thread reads and writes it. */
    private String generation = RedisKeys.INITIAL_SPEED_GENERATION;
    private boolean failing;

    public RedisViewProgress(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** What was read: equal values mean the views did not move. */
    record Progress(String batch, String generation, Map<String, String> offsets) {
    }

    @Override
    public Progress read() {
        try {
            Progress p = readOnce(generation);
            if (!p.generation().equals(generation)) {
                // A rebuild published a new generation: its offsets, not the old one's (rare: a second round trip).
                generation = p.generation();
                p = readOnce(generation);
            }
            if (failing) {
                LOG.info("view progress readable again");
                failing = false;
            }
            return p;
        } catch (JedisException | IllegalArgumentException e) {
            // Redis down, or a generation that is not a key token. The refresher then follows its interval; a refresh
            // says more about Redis than this poll can.
            if (!failing) {
                LOG.warn("view progress unreadable ({}); snapshots follow the refresh interval until it is back",
                        e.toString());
                failing = true;
            }
            return null;
        }
    }

    private Progress readOnce(String offsetsOf) {
        Response<String> batch;
        Response<String> speed;
        Response<Map<String, String>> offsets;
        try (AbstractPipeline p = redis.pipelined()) {
            batch = p.get(RedisKeys.BATCH_CURRENT);
            speed = p.get(RedisKeys.SPEED_CURRENT);
            offsets = p.hgetAll(RedisKeys.speedOffsets(offsetsOf));
            p.sync();
        }
        return new Progress(batch.get(), RedisKeys.speedGeneration(speed.get()), Map.copyOf(offsets.get()));
    }
}
