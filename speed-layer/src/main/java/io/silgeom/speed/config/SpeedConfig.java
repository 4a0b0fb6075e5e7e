package io.silgeom.speed.config;

import static io.silgeom.core.config.Validator.between;
import static io.silgeom.core.config.Validator.notBlank;

import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Importance;
import io.silgeom.core.config.Settings;
import io.silgeom.speed.apply.EvidenceLimits;
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
    public static final ConfigKey<Duration> STATUS_INTERVAL = ConfigKey.duration("speed.status.interval")
            .defaultValue(Duration.ofSeconds(5)).validator(between(Duration.ofMillis(100), Duration.ofHours(1)))
            .importance(Importance.LOW)
            .doc("How often the speed layer writes its lag and counters to the sg:status:speed hash for /status.");
    public static final ConfigKey<Duration> SESSION_TIMEOUT = ConfigKey.duration("speed.session.timeout")
            .defaultValue(Duration.ofSeconds(10)).validator(between(Duration.ofSeconds(6), Duration.ofMinutes(30)))
            .importance(Importance.LOW)
            .doc("Kafka consumer session timeout of the speed layer (heartbeats every third of it, from Kafka's own "
                    + "thread, so a long apply does not expire it). A speed process that dies without leaving the "
                    + "group (killed, host lost) keeps its partitions unread this long before the others, or its "
                    + "restart, take them over. Must be within the broker's group.min/max.session.timeout.ms "
                    + "(6 s to 30 min by default).");

    public static final ConfigKey<Integer> EVIDENCE_HEADLINES = ConfigKey.integer("speed.evidence.headlines")
            .defaultValue(3).validator(between(1, 20)).importance(Importance.LOW)
            .doc("Evidence: newest headlines kept per keyword and hour, so the chart can say why a keyword rises.");
    public static final ConfigKey<Integer> EVIDENCE_MIN_COUNT = ConfigKey.integer("speed.evidence.min.count")
            .defaultValue(2).validator(between(1, 1_000_000)).importance(Importance.LOW)
            .doc("Evidence is kept for a keyword only once it has this many voices in the hour (distinct sites and "
                    + "authors, all languages and sources); the long tail of one-off keywords costs no memory.");

    public static final ConfigKey<Integer> EVIDENCE_KEYWORDS_PER_BATCH = ConfigKey.integer("speed.evidence.keywords.per.batch")
            .defaultValue(100).validator(between(0, 100_000)).importance(Importance.LOW)
            .doc("Evidence is updated, per applied batch, only for the keywords that batch mentions most (0: no "
                    + "evidence). Bounds the JSON work inside the apply script.");

    public static final ConfigKey<Duration> REDIS_TIMEOUT = ConfigKey.duration("speed.redis.timeout")
            .defaultValue(Duration.ofSeconds(30)).validator(between(Duration.ofSeconds(1), Duration.ofMinutes(10)))
            .importance(Importance.LOW)
            .doc("Read timeout of the speed layer's Redis calls. One apply is one Lua call over a whole batch: give it "
                    + "room, or a slow apply on a busy machine is retried (safely, but wastefully).");

    public static final ConfigKey<Boolean> APPLY_IN_BACKGROUND = ConfigKey.bool("speed.apply.background")
            .defaultValue(true).importance(Importance.LOW)
            .doc("A helper thread reads, builds and sends each flush's Lua applies and waits for Redis while the "
                    + "consumer thread reads and analyzes the next records; settled at the next flush or loop turn. "
                    + "false: the consumer thread applies each flush itself and waits (about a quarter fewer documents/s "
                    + "in docs/benchmarks.md, the same CPU per document).");

    public static final ConfigKey<Integer> ANALYSIS_THREADS = ConfigKey.integer("speed.analysis.threads")
            .defaultValue(2).validator(between(1, 64)).importance(Importance.MEDIUM)
            .doc("Threads that validate and analyze the records of each poll, the consumer thread included; the "
                    + "counts are then recorded in offset order, so the result is the same for any value. Analysis "
                    + "is most of the speed layer's CPU: more threads let one process use more cores. 1: the "
                    + "consumer thread alone.");

    public static final ConfigDef DEF = ConfigDef.of(GROUP_ID, FLUSH_INTERVAL, MAX_BATCH_RECORDS, DEDUPE_HORIZON,
            APPLY_IN_BACKGROUND, ANALYSIS_THREADS,
            REDIS_TIMEOUT,
            EVIDENCE_HEADLINES, EVIDENCE_MIN_COUNT, EVIDENCE_KEYWORDS_PER_BATCH, STATUS_INTERVAL, SESSION_TIMEOUT);

    private final ConfigDef.Values values;
    /** The bucket retentions are shared with the serving layer, so they are declared in {@link CoreConfig}. */
    private final CoreConfig core;

    private SpeedConfig(ConfigDef.Values values, CoreConfig core) {
        this.values = values;
        this.core = core;
    }

    /** Reads and checks every speed key; the exception names the key and the value. */
    public static SpeedConfig from(Settings settings) {
        return new SpeedConfig(DEF.parse(settings), CoreConfig.from(settings));
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

    public Duration redisTimeout() {
        return values.get(REDIS_TIMEOUT);
    }

    public boolean applyInBackground() {
        return values.get(APPLY_IN_BACKGROUND);
    }

    public int analysisThreads() {
        return values.get(ANALYSIS_THREADS);
    }

        public EvidenceLimits evidenceLimits() {
        return new EvidenceLimits(values.get(EVIDENCE_HEADLINES), values.get(EVIDENCE_MIN_COUNT),
                values.get(EVIDENCE_KEYWORDS_PER_BATCH));
    }

    public Duration dedupeHorizon() {
        return values.get(DEDUPE_HORIZON);
    }

    /** {@link CoreConfig#SPEED_MINUTE_RETENTION}. */
    public Duration minuteRetention() {
        return core.speedMinuteRetention();
    }

    /** {@link CoreConfig#SPEED_HOUR_RETENTION}. */
    public Duration hourRetention() {
        return core.speedHourRetention();
    }

    public Duration statusInterval() {
        return values.get(STATUS_INTERVAL);
    }

    public Duration sessionTimeout() {
        return values.get(SESSION_TIMEOUT);
    }
}
