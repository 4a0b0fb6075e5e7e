package io.silgeom.speed.consume;

import io.silgeom.core.redis.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes the speed layer's facts for {@code /api/v1/status} to the {@link RedisKeys#SPEED_STATUS} hash:
 * {@code lag:{topic}:{partition}} per assigned partition, {@code applied}, {@code duplicates}, {@code late},
 * {@code dlq} (this process's counters since it started) and {@code updatedAt} (ISO instant), so a reader
 * can tell a stale status from a quiet one.
 */
final class SpeedStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedStatusWriter.class);

    private final UnifiedJedis redis;
    private final Duration interval;
    private final Clock clock;
    private Instant nextWrite = Instant.MIN;

    SpeedStatusWriter(UnifiedJedis redis, Duration interval, Clock clock) {
        this.redis = redis;
        this.interval = interval;
        this.clock = clock;
    }

    void writeIfDue(SpeedStats stats, Map<TopicPartition, Long> lags) {
        if (clock.instant().isBefore(nextWrite)) {
            return;
        }
        write(stats, lags);
    }

    void write(SpeedStats stats, Map<TopicPartition, Long> lags) {
        Instant now = clock.instant();
        nextWrite = now.plus(interval);
        Map<String, String> fields = new LinkedHashMap<>();
        lags.forEach((tp, lag) -> fields.put("lag:" + RedisKeys.offsetField(tp.topic(), tp.partition()), Long.toString(lag)));
        fields.put("applied", Long.toString(stats.applied()));
        fields.put("duplicates", Long.toString(stats.duplicates()));
        fields.put("late", Long.toString(stats.late()));
        fields.put("dlq", Long.toString(stats.dlq()));
        fields.put("updatedAt", now.toString());
        try {
            redis.hset(RedisKeys.SPEED_STATUS, fields);
        } catch (RuntimeException e) {
            // Status is for operators; the counts themselves do not depend on it. updatedAt shows the gap.
            LOG.warn("speed status: cannot write {}: {}", RedisKeys.SPEED_STATUS, e.toString());
        }
    }
}
