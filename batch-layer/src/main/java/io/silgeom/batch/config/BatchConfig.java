package io.silgeom.batch.config;

import static io.silgeom.core.config.Validator.atLeast;
import static io.silgeom.core.config.Validator.between;
import static io.silgeom.core.config.Validator.betweenDouble;
import static io.silgeom.core.config.Validator.notBlank;
import static io.silgeom.core.config.Validator.oneOf;

import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Importance;
import io.silgeom.core.config.Settings;
import java.time.Duration;

/**
 * Keys of the batch layer: the raw archiver (Kafka → HDFS) and the batch run (MapReduce → Redis). Where Kafka,
 * Redis and the HDFS root are lives in {@link io.silgeom.core.config.CoreConfig}.
 *
 * <p>NOTE: key strings are public API (config files and {@code SILGEOM_*} variables name them); do not rename.
 */
public final class BatchConfig {
    public static final ConfigKey<String> GROUP_ID = ConfigKey.string("batch.group.id")
            .defaultValue("silgeom-archiver").validator(notBlank()).importance(Importance.HIGH)
            .doc("Consumer group of the raw archiver. Its committed offsets are informational (lag): on start the "
                    + "archiver resumes from the commit markers in HDFS, not from Kafka.");
    public static final ConfigKey<Duration> FLUSH_INTERVAL = ConfigKey.duration("archive.flush.interval")
            .defaultValue(Duration.ofSeconds(5)).validator(between(Duration.ofMillis(100), Duration.ofMinutes(10)))
            .importance(Importance.MEDIUM)
            .doc("How often the archiver writes what it polled to HDFS (one file per partition and hour per flush). "
                    + "Longer: fewer, larger files; more records re-read from Kafka after a crash.");
    public static final ConfigKey<Integer> MAX_RECORDS = ConfigKey.integer("archive.max.records")
            .defaultValue(10_000).validator(between(1, 1_000_000)).importance(Importance.MEDIUM)
            .doc("Records buffered in memory before the archiver flushes early, whatever the flush interval.");
    public static final ConfigKey<Long> ROLL_BYTES = ConfigKey.longValue("archive.roll.bytes")
            .defaultValue(64L * 1024 * 1024).validator(atLeast(1024L)).importance(Importance.MEDIUM)
            .doc("Files roll by size: once the records buffered since the last flush hold this many bytes, the archiver "
                    + "flushes at once, so no archive file is larger (plus one record). Files roll by time at "
                    + "archive.flush.interval. Also bounds the archiver's memory.");
    public static final ConfigKey<Duration> LATENESS = ConfigKey.duration("archive.lateness")
            .defaultValue(Duration.ofHours(1)).validator(between(Duration.ZERO, Duration.ofDays(7)))
            .importance(Importance.MEDIUM)
            .doc("Allowed lateness: an hour directory gets its _SUCCESS flag once the archiver's watermark has passed "
                    + "the end of the hour plus this much. Records later than that still land in the hour, counted as late.");
    public static final ConfigKey<String> GROUP_INSTANCE_ID = ConfigKey.string("batch.group.instance.id")
            .defaultValue("").importance(Importance.LOW)
            .doc("Kafka static membership (group.instance.id) of this archiver process; one distinct value per process, "
                    + "e.g. the host name. Empty: dynamic membership, and an archiver restarted after a crash gets its "
                    + "partitions back only when the dead member's session times out (45 s); with an id at once.");
    public static final ConfigKey<Double> INVALID_MAX_SHARE = ConfigKey.doubleValue("batch.invalid.max.share")
            .defaultValue(0.05).validator(betweenDouble(0.0, 1.0)).importance(Importance.HIGH)
            .doc("A batch run fails before publishing when (invalid archived lines + quarantined records) / "
                    + "(archived lines + quarantined records) of its input is above this share.");
    public static final ConfigKey<String> CUTOFF_ALIGN = ConfigKey.string("batch.cutoff.align")
            .defaultValue("hour").validator(oneOf("hour", "day")).importance(Importance.MEDIUM)
            .doc("Cutoff T of a run given no explicit cutoff: 'hour' = now rounded down to the hour (demo, frequent "
                    + "runs), 'day' = now rounded down to UTC midnight (nightly runs).");
    public static final ConfigKey<Duration> SCHEDULE_INTERVAL = ConfigKey.duration("batch.schedule.interval")
            .defaultValue(Duration.ofDays(1)).validator(between(Duration.ofSeconds(10), Duration.ofDays(7)))
            .importance(Importance.MEDIUM)
            .doc("How often the embedded stack's Quartz scheduler starts a batch run (on a cluster the Oozie "
                    + "coordinator decides).");
    public static final ConfigKey<String> SCHEDULE_CRON = ConfigKey.string("batch.schedule.cron")
            .defaultValue("").importance(Importance.MEDIUM)
            .doc("Quartz cron expression for the embedded stack's batch runs, e.g. '0 30 2 * * ?' (02:30 daily, JVM time "
                    + "zone). Empty: every batch.schedule.interval instead.");
    public static final ConfigKey<Integer> PUBLISH_CHUNK = ConfigKey.integer("batch.publish.chunk.size")
            .defaultValue(1_000).validator(between(1, 100_000)).importance(Importance.LOW)
            .doc("Redis commands per pipeline round trip when the batch view is loaded.");

    public static final ConfigKey<Integer> BASELINE_DAYS = ConfigKey.integer("batch.baseline.days")
            .defaultValue(28).validator(between(1, 366)).importance(Importance.MEDIUM)
            .doc("Baselines (and the features table's baseline column) average a keyword's count at each hour of day "
                    + "over this many days before the cutoff; days before the first archived day do not count.");
    public static final ConfigKey<Integer> BASELINE_MIN_MENTIONS = ConfigKey.integer("batch.baseline.min.mentions")
            .defaultValue(10).validator(between(1, 1_000_000)).importance(Importance.MEDIUM)
            .doc("A keyword gets baselines (in one lang/source slice) only with at least this many mentions in the "
                    + "baseline days; the serving layer falls back to its prior for the rest. Bounds Redis memory.");
    public static final ConfigKey<Integer> VERSION_KEEP = ConfigKey.integer("batch.version.keep")
            .defaultValue(2).validator(between(2, 100)).importance(Importance.LOW)
            .doc("Published batch versions kept whatever their age, the current one included (at least 2: a query "
                    + "that read the cutoff just before a switch still reads the previous version).");
    public static final ConfigKey<Duration> VERSION_GRACE = ConfigKey.duration("batch.version.grace")
            .defaultValue(Duration.ofMinutes(10)).validator(between(Duration.ZERO, Duration.ofDays(7)))
            .importance(Importance.LOW)
            .doc("An older published version (beyond batch.version.keep) is deleted, from Redis and HDFS, only once "
                    + "the version that replaced it has been current for this long: no reader can still need it.");
    public static final ConfigKey<Integer> RECONCILE_HOURS = ConfigKey.integer("batch.reconcile.hours")
            .defaultValue(24).validator(between(1, 24 * 8)).importance(Importance.MEDIUM)
            .doc("Reconciliation compares the speed view with the new batch view over at most this many hours before "
                    + "the cutoff (only hours both views hold).");
    public static final ConfigKey<Double> RECONCILE_MAX_DRIFT = ConfigKey.doubleValue("batch.reconcile.max.drift")
            .defaultValue(0.05).validator(betweenDouble(0.0, 100.0)).importance(Importance.MEDIUM)
            .doc("Reconciliation is not ok (red status) when an hour's relative drift, sum over keywords of "
                    + "|speed - batch| / batch mentions (all:all), is above this.");
    public static final ConfigKey<Integer> RECONCILE_MIN_MENTIONS = ConfigKey.integer("batch.reconcile.min.mentions")
            .defaultValue(20).validator(between(0, 1_000_000)).importance(Importance.LOW)
            .doc("Hours with fewer keyword mentions than this in both views are listed but not judged: a handful of "
                    + "late articles would otherwise turn the status red.");
    public static final ConfigKey<Integer> STEP_RETRIES = ConfigKey.integer("batch.step.retries")
            .defaultValue(2).validator(between(0, 10)).importance(Importance.MEDIUM)
            .doc("A failed batch step is tried again this many times before the run fails (not the input check: the "
                    + "same input fails the same way).");
    public static final ConfigKey<Duration> STEP_RETRY_DELAY = ConfigKey.duration("batch.step.retry.delay")
            .defaultValue(Duration.ofSeconds(10)).validator(between(Duration.ZERO, Duration.ofHours(1)))
            .importance(Importance.LOW)
            .doc("Pause before retrying a failed batch step.");

    public static final ConfigDef DEF = ConfigDef.of(GROUP_ID, FLUSH_INTERVAL, MAX_RECORDS, ROLL_BYTES, LATENESS, GROUP_INSTANCE_ID,
            INVALID_MAX_SHARE,
            CUTOFF_ALIGN, SCHEDULE_INTERVAL, PUBLISH_CHUNK,
            SCHEDULE_CRON, BASELINE_DAYS, BASELINE_MIN_MENTIONS, VERSION_KEEP, VERSION_GRACE, RECONCILE_HOURS, RECONCILE_MAX_DRIFT,
            RECONCILE_MIN_MENTIONS, STEP_RETRIES, STEP_RETRY_DELAY);

    private final ConfigDef.Values values;

    private BatchConfig(ConfigDef.Values values) {
        this.values = values;
    }

    public static BatchConfig from(Settings settings) {
        return new BatchConfig(DEF.parse(settings));
    }

    /** Defaults only: for tests and tools that take no configuration file. */
    public static BatchConfig defaults() {
        return from(Settings.empty());
    }

    public String groupId() {
        return values.get(GROUP_ID);
    }

    public Duration flushInterval() {
        return values.get(FLUSH_INTERVAL);
    }

    public int maxRecords() {
        return values.get(MAX_RECORDS);
    }

    public long rollBytes() {
        return values.get(ROLL_BYTES);
    }

    public Duration lateness() {
        return values.get(LATENESS);
    }

    /** The archiver's Kafka {@code group.instance.id}, or empty for dynamic group membership. */
    public java.util.Optional<String> groupInstanceId() {
        String id = values.get(GROUP_INSTANCE_ID);
        return id.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(id.trim());
    }

    public double invalidMaxShare() {
        return values.get(INVALID_MAX_SHARE);
    }

    /** True when a run without an explicit cutoff rounds down to UTC midnight rather than to the hour. */
    public boolean cutoffAlignedToDay() {
        return "day".equals(values.get(CUTOFF_ALIGN));
    }

    public Duration scheduleInterval() {
        return values.get(SCHEDULE_INTERVAL);
    }

    public int publishChunkSize() {
        return values.get(PUBLISH_CHUNK);
    }

    /** The cron expression of {@code batch.schedule.cron}, empty when the interval applies. */
    public java.util.Optional<String> scheduleCron() {
        String cron = values.get(SCHEDULE_CRON).trim();
        return cron.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(cron);
    }

    public int baselineDays() {
        return values.get(BASELINE_DAYS);
    }

    public int baselineMinMentions() {
        return values.get(BASELINE_MIN_MENTIONS);
    }

    public int versionKeep() {
        return values.get(VERSION_KEEP);
    }

    public Duration versionGrace() {
        return values.get(VERSION_GRACE);
    }

    public int reconcileHours() {
        return values.get(RECONCILE_HOURS);
    }

    public double reconcileMaxDrift() {
        return values.get(RECONCILE_MAX_DRIFT);
    }

    public int reconcileMinMentions() {
        return values.get(RECONCILE_MIN_MENTIONS);
    }

    public int stepRetries() {
        return values.get(STEP_RETRIES);
    }

    public Duration stepRetryDelay() {
        return values.get(STEP_RETRY_DELAY);
    }
}
