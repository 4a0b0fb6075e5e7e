package io.silgeom.speed.rebuild;

import io.silgeom.core.redis.RedisKeys;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Deletes every key of one speed-view generation ({@code sg:s:{gen}:*}): SCAN in pages and UNLINK each page, so
 * Redis is never blocked by one big command and frees the memory in the background.
 */
public final class GenerationSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationSweeper.class);
    private static final int PAGE = 1000;
    private static final String OFFSETS_SUFFIX = "offsets";

    private final UnifiedJedis redis;

    public GenerationSweeper(UnifiedJedis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** The SCAN pattern of one generation's keys, derived from {@link RedisKeys} (the one place key names live). */
    public static String pattern(String generation) {
        String offsets = RedisKeys.speedOffsets(generation);
        return offsets.substring(0, offsets.length() - OFFSETS_SUFFIX.length()) + "*";
    }

    /**
     * Deletes the generation's keys; refuses the generation {@link RedisKeys#SPEED_CURRENT} names.
     *
     * @return the number of keys unlinked
     */
    public long sweep(String generation) {
        String pattern = pattern(generation);
        if (generation.equals(redis.get(RedisKeys.SPEED_CURRENT))) {
            throw new IllegalStateException("speed view generation " + generation + " is the current one, not deleting it");
        }
        ScanParams params = new ScanParams().match(pattern).count(PAGE);
        String cursor = ScanParams.SCAN_POINTER_START;
        long deleted = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            List<String> keys = page.getResult();
            if (!keys.isEmpty()) {
                deleted += redis.unlink(keys.toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        LOG.info("speed view: generation {} deleted ({} keys)", generation, deleted);
        return deleted;
    }
}
