package io.silgeom.batch.config;

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
    public static final ConfigKey<Integer> PUBLISH_CHUNK = ConfigKey.integer("batch.publish.chunk.size")
            .defaultValue(1_000).validator(between(1, 100_000)).importance(Importance.LOW)
            .doc("Redis commands per pipeline round trip when the batch view is loaded.");

    public static final ConfigDef DEF = ConfigDef.of(GROUP_ID, FLUSH_INTERVAL, MAX_RECORDS, INVALID_MAX_SHARE,
            CUTOFF_ALIGN, SCHEDULE_INTERVAL, PUBLISH_CHUNK);

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
}
