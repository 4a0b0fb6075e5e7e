package io.silgeom.speed.config;

import static io.silgeom.core.config.Validator.between;
import static io.silgeom.core.config.Validator.notBlank;

import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Importance;
import io.silgeom.core.config.Settings;
import java.time.Duration;

/**
 * The speed layer's configuration keys, declared once. Where Kafka and Redis are and the topic names
 * come from {@link io.silgeom.core.config.CoreConfig}; this class holds only what is the speed layer's own.
 */
public final class SpeedConfig {
    public static final ConfigKey<String> GROUP_ID = ConfigKey.string("speed.group.id")
            .defaultValue("silgeom-speed").validator(notBlank()).importance(Importance.HIGH)
            .doc("Consumer group of the speed layer. Kafka's committed offsets are for monitoring only: "
                    + "the offsets stored in Redis with the counts decide where a partition resumes.");
    public static final ConfigKey<Duration> FLUSH_INTERVAL = ConfigKey.duration("speed.flush.interval")
            .defaultValue(Duration.ofSeconds(1)).validator(between(Duration.ofMillis(50), Duration.ofMinutes(1)))
            .importance(Importance.MEDIUM)
            .doc("How often buffered increments and their offsets go to Redis, one Lua call per partition. "
                    + "Longer: fewer calls, more lag.");
    public static final ConfigKey<Integer> MAX_BATCH_RECORDS = ConfigKey.integer("speed.max.batch.records")
            .defaultValue(5000).validator(between(1, 100_000)).importance(Importance.LOW)
            .doc("Records buffered before a flush happens early; also the consumer's max.poll.records. "
                    + "Bounds how long one Lua call blocks Redis.");
    public static final ConfigKey<Duration> DEDUPE_HORIZON = ConfigKey.duration("speed.dedupe.horizon")
            .defaultValue(Duration.ofDays(2)).validator(between(Duration.ofMinutes(1), Duration.ofDays(30)))
            .importance(Importance.MEDIUM)
            .doc("How long an article id is remembered (TTL of its seen marker). A copy of an article that "
                    + "arrives later than this after the first is counted again by the speed view (the batch view "
                    + "still counts it once).");
    public static final ConfigKey<Duration> MINUTE_RETENTION = ConfigKey.duration("speed.minute.retention")
            .defaultValue(Duration.ofHours(6)).validator(between(Duration.ofMinutes(10), Duration.ofDays(7)))
            .importance(Importance.MEDIUM)
            .doc("Minute buckets expire at their minute start plus this; older minutes are not written at all.");
    public static final ConfigKey<Duration> HOUR_RETENTION = ConfigKey.duration("speed.hour.retention")
            .defaultValue(Duration.ofDays(8)).validator(between(Duration.ofHours(2), Duration.ofDays(90)))
            .importance(Importance.MEDIUM)
            .doc("Hour buckets (and the per-hour document counts) expire at their hour start plus this; older hours "
                    + "are not written at all. Must cover the time between two batch runs, or hours after the "
                    + "cutoff expire before the batch view takes them over (the serving layer then answers degraded).");
    public static final ConfigKey<Duration> STATUS_INTERVAL = ConfigKey.duration("speed.status.interval")
            .defaultValue(Duration.ofSeconds(5)).validator(between(Duration.ofMillis(100), Duration.ofHours(1)))
            .importance(Importance.LOW)
            .doc("How often the speed layer writes its lag and counters to the sg:status:speed hash for /status.");

    public static final ConfigDef DEF = ConfigDef.of(GROUP_ID, FLUSH_INTERVAL, MAX_BATCH_RECORDS, DEDUPE_HORIZON,
            MINUTE_RETENTION, HOUR_RETENTION, STATUS_INTERVAL);

    private final ConfigDef.Values values;

    private SpeedConfig(ConfigDef.Values values) {
        this.values = values;
        if (hourRetention().compareTo(minuteRetention()) < 0) {
            throw new ConfigException(HOUR_RETENTION.name() + ": " + HOUR_RETENTION.format(hourRetention())
                    + " is shorter than " + MINUTE_RETENTION.name() + " (" + MINUTE_RETENTION.format(minuteRetention())
                    + "): an hour would vanish while its minutes are still kept");
        }
    }

    /** Reads and checks every speed key; the exception names the key and the value. */
    public static SpeedConfig from(Settings settings) {
        return new SpeedConfig(DEF.parse(settings));
    }

    /** Every key at its default. */
    public static SpeedConfig defaults() {
        return from(Settings.empty());
    }

    public String groupId() {
        return values.get(GROUP_ID);
    }

    public Duration flushInterval() {
        return values.get(FLUSH_INTERVAL);
    }

    public int maxBatchRecords() {
        return values.get(MAX_BATCH_RECORDS);
    }

    public Duration dedupeHorizon() {
        return values.get(DEDUPE_HORIZON);
    }

    public Duration minuteRetention() {
        return values.get(MINUTE_RETENTION);
    }

    public Duration hourRetention() {
        return values.get(HOUR_RETENTION);
    }

    public Duration statusInterval() {
        return values.get(STATUS_INTERVAL);
    }
}
