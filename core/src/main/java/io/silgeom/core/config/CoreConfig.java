package io.silgeom.core.config;

import static io.silgeom.core.config.Validator.between;
import static io.silgeom.core.config.Validator.notBlank;

import java.time.Duration;

/**
 * Keys every layer shares: where Kafka, Redis and HDFS are, and the topic names. Each module declares
 * its own keys in its own {@code *Config} class; these are the ones that would otherwise be declared
 * five times.
 */
public final class CoreConfig {
    public static final ConfigKey<String> KAFKA_BOOTSTRAP = ConfigKey.string("kafka.bootstrap.servers")
            .defaultValue("localhost:9092").validator(notBlank()).importance(Importance.HIGH)
            .doc("Kafka bootstrap servers, host:port[,host:port]. The embedded stack sets it to its own broker.");
    public static final ConfigKey<String> ARTICLES_TOPIC = ConfigKey.string("kafka.topic.articles")
            .defaultValue("silgeom.articles").validator(notBlank()).importance(Importance.HIGH)
            .doc("Topic of article records (JSON, key = article id).");
    public static final ConfigKey<String> DLQ_TOPIC = ConfigKey.string("kafka.topic.dlq")
            .defaultValue("silgeom.articles.dlq").validator(notBlank()).importance(Importance.HIGH)
            .doc("Dead-letter topic: invalid records as {reason, receivedAt, topic, partition, offset, raw}.");
    public static final ConfigKey<Integer> ARTICLES_PARTITIONS = ConfigKey.integer("kafka.topic.articles.partitions")
            .defaultValue(4).validator(between(1, 1024)).importance(Importance.MEDIUM)
            .doc("Partitions of the articles topic when Silgeom creates it.");
    public static final ConfigKey<String> REDIS_HOST = ConfigKey.string("redis.host")
            .defaultValue("localhost").validator(notBlank()).importance(Importance.HIGH)
            .doc("Redis host holding the speed view, the loaded batch view and the cutoff.");
    public static final ConfigKey<Integer> REDIS_PORT = ConfigKey.integer("redis.port")
            .defaultValue(6379).validator(between(1, 65535)).importance(Importance.HIGH)
            .doc("Redis port.");
    public static final ConfigKey<String> HDFS_ROOT = ConfigKey.string("hdfs.root")
            .defaultValue("file:///tmp/silgeom").validator(notBlank()).importance(Importance.HIGH)
            .doc("Root of the HDFS layout (DESIGN.md §7): an hdfs:// URI on a cluster, file:// in the embedded stack.");
    public static final ConfigKey<Integer> MAX_RECORD_BYTES = ConfigKey.integer("article.max.bytes")
            .defaultValue(1 << 20).validator(between(1024, 64 << 20)).importance(Importance.LOW)
            .doc("Largest accepted article record in bytes; larger ones go to the DLQ.");

    // NOTE: the two retentions are read by the speed layer (which sets the TTLs) and by the serving layer (which
    // answers degraded for a bucket that may have expired). Declared here once so the two can never disagree.
    public static final ConfigKey<Duration> SPEED_MINUTE_RETENTION = ConfigKey.duration("speed.minute.retention")
            .defaultValue(Duration.ofHours(6)).validator(between(Duration.ofMinutes(10), Duration.ofDays(7)))
            .importance(Importance.MEDIUM)
            .doc("Minute buckets of the speed view expire at their minute start plus this; older minutes are not "
                    + "written at all, and a query needing one answers degraded.");
    public static final ConfigKey<Duration> SPEED_HOUR_RETENTION = ConfigKey.duration("speed.hour.retention")
            .defaultValue(Duration.ofDays(8)).validator(between(Duration.ofHours(2), Duration.ofDays(90)))
            .importance(Importance.MEDIUM)
            .doc("Hour buckets of the speed view (and the per-hour document counts) expire at their hour start plus "
                    + "this. Must cover the time between two batch runs, or hours after the cutoff expire before the "
                    + "batch view takes them over (the serving layer then answers degraded).");

    public static final ConfigDef DEF = ConfigDef.of(KAFKA_BOOTSTRAP, ARTICLES_TOPIC, DLQ_TOPIC, ARTICLES_PARTITIONS,
            REDIS_HOST, REDIS_PORT, HDFS_ROOT, MAX_RECORD_BYTES, SPEED_MINUTE_RETENTION, SPEED_HOUR_RETENTION);

    private final ConfigDef.Values values;

    private CoreConfig(ConfigDef.Values values) {
        this.values = values;
        if (speedHourRetention().compareTo(speedMinuteRetention()) < 0) {
            throw new ConfigException(SPEED_HOUR_RETENTION.name() + ": "
                    + SPEED_HOUR_RETENTION.format(speedHourRetention()) + " is shorter than "
                    + SPEED_MINUTE_RETENTION.name() + " (" + SPEED_MINUTE_RETENTION.format(speedMinuteRetention())
                    + "): an hour would vanish while its minutes are still kept");
        }
    }

    public static CoreConfig from(Settings settings) {
        return new CoreConfig(DEF.parse(settings));
    }

    public String kafkaBootstrap() {
        return values.get(KAFKA_BOOTSTRAP);
    }

    public String articlesTopic() {
        return values.get(ARTICLES_TOPIC);
    }

    public String dlqTopic() {
        return values.get(DLQ_TOPIC);
    }

    public int articlesPartitions() {
        return values.get(ARTICLES_PARTITIONS);
    }

    public String redisHost() {
        return values.get(REDIS_HOST);
    }

    public int redisPort() {
        return values.get(REDIS_PORT);
    }

    public String hdfsRoot() {
        return values.get(HDFS_ROOT);
    }

    public int maxRecordBytes() {
        return values.get(MAX_RECORD_BYTES);
    }

    public Duration speedMinuteRetention() {
        return values.get(SPEED_MINUTE_RETENTION);
    }

    public Duration speedHourRetention() {
        return values.get(SPEED_HOUR_RETENTION);
    }
}
