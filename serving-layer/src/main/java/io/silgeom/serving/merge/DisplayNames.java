package io.silgeom.serving.merge;

import io.silgeom.core.redis.RedisKeys;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/** Display forms of canonical keywords ({@link RedisKeys#DISPLAY}): how charts show "samsung" ("Samsung"). */
public final class DisplayNames {
    private static final Logger LOG = LoggerFactory.getLogger(DisplayNames.class);

    private final RedisClient redis;

    public DisplayNames(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /**
     * Display form per canonical keyword, in one {@code HMGET}. A keyword without one, or every keyword when Redis
     * fails, maps to itself: a label is cosmetic, so this never fails the answer it decorates.
     */
    public Map<String, String> lookup(Collection<String> canonical) {
        String[] fields = new LinkedHashSet<>(canonical).toArray(String[]::new);
        Map<String, String> out = new HashMap<>();
        for (String k : fields) {
            out.put(k, k);
        }
        if (fields.length == 0) {
            return out;
        }
        try {
            List<String> values = redis.hmget(RedisKeys.DISPLAY, fields);
            for (int i = 0; i < fields.length; i++) {
                if (values.get(i) != null && !values.get(i).isBlank()) {
                    out.put(fields[i], values.get(i));
                }
            }
        } catch (JedisException e) {
            LOG.warn("display forms unavailable, showing canonical keywords: {}", e.toString());
        }
        return out;
    }
}
