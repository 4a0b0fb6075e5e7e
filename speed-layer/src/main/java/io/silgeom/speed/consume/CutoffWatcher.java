package io.silgeom.speed.consume;

import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.view.BatchCutoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The published batch cutoff as the speed layer knows it, re-read from {@link RedisKeys#BATCH_CURRENT}
 * every few seconds, and the late rule that follows from it: an article whose event time is before the
 * cutoff {@code T} ({@code T} is exclusive: the batch run covers event time {@code < T}) is late and is not
 * counted by the speed view; the next batch run picks it up from raw.
 *
 * <p>The cutoff is one immutable value in a volatile field: a reader gets the old one or the new one, never
 * half of each. Being a few seconds behind a publish is harmless: an article counted meanwhile lands in an
 * hour before the new {@code T}, which the merge reads from the batch view, not from the speed view.
 */
public final class CutoffWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CutoffWatcher.class);
    /** NOTE: fixed rather than a key: only the late metric's precision depends on it, see the class doc. */
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(2);

    private final Supplier<String> publishedJson;
    private final Duration refreshInterval;
    private final Clock clock;
    private volatile BatchCutoff current;
    private Instant nextRefresh = Instant.MIN;

    /**
     * @param publishedJson reads the published cutoff JSON, null when none was ever published
     */
    CutoffWatcher(Supplier<String> publishedJson, Duration refreshInterval, Clock clock) {
        this.publishedJson = Objects.requireNonNull(publishedJson, "publishedJson");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static CutoffWatcher fromRedis(UnifiedJedis redis, Clock clock) {
        Objects.requireNonNull(redis, "redis");
        return new CutoffWatcher(() -> redis.get(RedisKeys.BATCH_CURRENT), REFRESH_INTERVAL, clock);
    }

    /** Reads the published cutoff again if the refresh interval has passed. A failed read keeps the last value. */
    public void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRefresh)) {
            return;
        }
        nextRefresh = now.plus(refreshInterval);
        String json;
        try {
            json = publishedJson.get();
        } catch (RuntimeException e) {
            LOG.warn("batch cutoff: cannot read {}, keeping {}: {}", RedisKeys.BATCH_CURRENT, describe(current), e.toString());
            return;
        }
        if (json == null) {
            if (current != null) {
                LOG.warn("batch cutoff: {} disappeared, keeping {}", RedisKeys.BATCH_CURRENT, describe(current));
            }
            return;
        }
        BatchCutoff read;
        try {
            read = BatchCutoffJson.decode(json);
        } catch (IllegalArgumentException e) {
            LOG.warn("batch cutoff: {} is unreadable, keeping {}: {}", RedisKeys.BATCH_CURRENT, describe(current), e.getMessage());
            return;
        }
        if (!read.equals(current)) {
            LOG.info("batch cutoff: now {}", describe(read));
            current = read;
        }
    }

    public Optional<BatchCutoff> current() {
        return Optional.ofNullable(current);
    }

    /** True when a cutoff is published and {@code eventTime} is before it. */
    public boolean isLate(Instant eventTime) {
        BatchCutoff cutoff = current;  // read once: one value for the whole decision
        return cutoff != null && eventTime.isBefore(cutoff.cutoff());
    }

    private static String describe(BatchCutoff c) {
        return c == null ? "no cutoff" : "version " + c.version() + ", cutoff " + c.cutoff();
    }
}
