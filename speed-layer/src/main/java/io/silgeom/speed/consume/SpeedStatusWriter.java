package io.silgeom.speed.consume;

import io.silgeom.core.redis.RedisKeys;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Writes the speed layer's facts for {@code /api/v1/status} to the {@link RedisKeys#SPEED_STATUS} hash, so that
 * several speed processes in one consumer group (scale-out) add up instead of overwriting each other:
 * <ul>
 *   <li>{@code applied}, {@code duplicates}, {@code late}, {@code dlq}, {@code filtered}, {@code alreadyApplied}: the
 *       group's totals since the hash was created; each process adds what it counted since its previous write
 *       ({@code HINCRBY});
 *   <li>{@code lag:{topic}:{partition}}: written by the partition's current owner, deleted by a process that gives
 *       the partition up (revoked or lost), so a rebalance leaves no stale field behind;
 *   <li>{@code rate:{instance}} = {@code articles/s@epochMillis} per running process, and {@code appliedPerSecond}
 *       = their sum over the processes that reported within three status intervals (a killed process drops out);
 *   <li>{@code updatedAt} (ISO instant) of the latest write by any process, so a reader can tell a stale status from
 *       a quiet one.
 * </ul>
 * One write is one Lua script: a reader never sees half of it.
 *
 * <p>Said plainly: the counters are for operators, not exact. What a process counted after its last write is lost if
 * it is killed; a write whose answer is lost (Redis restarting) is added again at the next write; a retried batch
 * counts its late and invalid records again. The speed view itself does not depend on any of it.
 */
final class SpeedStatusWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedStatusWriter.class);
    /** A process whose rate is older than this many status intervals no longer counts in appliedPerSecond. */
    static final int RATE_STALE_INTERVALS = 3;
    private static final String SCRIPT = """
            local h = KEYS[1]
            local i = 6
            local n = tonumber(ARGV[i]); i = i + 1
            for _ = 1, n do redis.call('HINCRBY', h, ARGV[i], ARGV[i + 1]); i = i + 2 end
            n = tonumber(ARGV[i]); i = i + 1
            for _ = 1, n do redis.call('HSET', h, ARGV[i], ARGV[i + 1]); i = i + 2 end
            n = tonumber(ARGV[i]); i = i + 1
            for _ = 1, n do redis.call('HDEL', h, ARGV[i]); i = i + 1 end
            local mine = 'rate:' .. ARGV[1]
            if ARGV[4] == '' then
              redis.call('HDEL', h, mine)
            else
              redis.call('HSET', h, mine, ARGV[4] .. '@' .. ARGV[2])
            end
            local now = tonumber(ARGV[2])
            local stale = tonumber(ARGV[3])
            local total = 0
            local all = redis.call('HGETALL', h)
            for j = 1, #all, 2 do
              local f = all[j]
              if string.sub(f, 1, 5) == 'rate:' then
                local v = all[j + 1]
                local at = string.find(v, '@', 1, true)
                local t = at and tonumber(string.sub(v, at + 1))
                local r = at and tonumber(string.sub(v, 1, at - 1))
                if t == nil or r == nil or now - t > stale then
                  redis.call('HDEL', h, f)
                else
                  total = total + r
                end
              end
            end
            redis.call('HSET', h, 'appliedPerSecond', string.format('%.1f', total), 'updatedAt', ARGV[5])
            return 1
            """;

    private final UnifiedJedis redis;
    private final Duration interval;
    private final Clock clock;
    private final String instance;
    private Instant nextWrite = Instant.MIN;
    /** The counters as last added to Redis: the next write adds the difference. */
    private SpeedStats written = new SpeedStats(0, 0, 0, 0, 0, 0);
    /** Lag fields of partitions given up whose deletion failed; deleted at the next write. */
    private final Set<String> toDelete = new LinkedHashSet<>();

    SpeedStatusWriter(UnifiedJedis redis, Duration interval, Clock clock) {
        this(redis, interval, clock, defaultInstance());
    }

    SpeedStatusWriter(UnifiedJedis redis, Duration interval, Clock clock, String instance) {
        this.redis = redis;
        this.interval = interval;
        this.clock = clock;
        this.instance = instance;
    }

    /** {@code pid@host-random}: unique per process even when two run on one host, or two layers in one JVM. */
    private static String defaultInstance() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        return jvm + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0x100000));
    }

    /** Writes if {@code speed.status.interval} has passed since the last write (also samples the applied rate). */
    void writeIfDue(SpeedMetrics metrics) {
        if (clock.instant().isBefore(nextWrite)) {
            return;
        }
        write(metrics, false);
    }

    /** The last write of a process that stops: its counters, and its rate no longer counts. */
    void writeFinal(SpeedMetrics metrics) {
        write(metrics, true);
    }

    /**
     * The partition is no longer this process's: its lag field goes now, before the new owner writes it (Kafka
     * revokes a partition before it assigns it elsewhere). If Redis cannot be reached, it goes at the next write.
     */
    void forget(TopicPartition tp) {
        String field = lagField(tp);
        try {
            redis.hdel(RedisKeys.SPEED_STATUS, field);
        } catch (RuntimeException e) {
            toDelete.add(field);
            LOG.debug("speed status: cannot delete {} now, at the next write: {}", field, e.toString());
        }
    }

    private void write(SpeedMetrics metrics, boolean last) {
        Instant now = clock.instant();
        nextWrite = now.plus(interval);
        double rate = metrics.sampleAppliedRate(now);
        SpeedStats stats = metrics.stats();
        Map<TopicPartition, Long> lags = metrics.lags();
        List<String> args = new ArrayList<>();
        args.add(instance);
        args.add(Long.toString(now.toEpochMilli()));
        args.add(Long.toString(interval.multipliedBy(RATE_STALE_INTERVALS).toMillis()));
        args.add(last ? "" : String.format(Locale.ROOT, "%.3f", rate));
        args.add(now.toString());
        List<String> counters = new ArrayList<>();
        delta(counters, "applied", stats.applied(), written.applied());
        delta(counters, "duplicates", stats.duplicates(), written.duplicates());
        delta(counters, "late", stats.late(), written.late());
        delta(counters, "dlq", stats.dlq(), written.dlq());
        delta(counters, "filtered", stats.filtered(), written.filtered());
        delta(counters, "alreadyApplied", stats.alreadyApplied(), written.alreadyApplied());
        args.add(Integer.toString(counters.size() / 2));
        args.addAll(counters);
        args.add(Integer.toString(lags.size()));
        lags.forEach((tp, lag) -> {
            args.add(lagField(tp));
            args.add(Long.toString(lag));
        });
        List<String> deletes = new ArrayList<>(toDelete);
        deletes.removeIf(f -> lags.keySet().stream().anyMatch(tp -> lagField(tp).equals(f)));
        args.add(Integer.toString(deletes.size()));
        args.addAll(deletes);
        try {
            redis.eval(SCRIPT, List.of(RedisKeys.SPEED_STATUS), args);
            written = stats;
            toDelete.removeAll(deletes);
        } catch (RuntimeException e) {
            // Status is for operators; the counts themselves do not depend on it. updatedAt shows the gap, and the
            // counters not added now are added at the next write.
            LOG.warn("speed status: cannot write {}: {}", RedisKeys.SPEED_STATUS, e.toString());
        }
    }

    /** Every counter is sent, zero included, so the fields exist from the first write on. */
    private static void delta(List<String> out, String field, long now, long before) {
        out.add(field);
        out.add(Long.toString(now - before));
    }

    private static String lagField(TopicPartition tp) {
        return "lag:" + RedisKeys.offsetField(tp.topic(), tp.partition());
    }
}
