package io.silgeom.serving.config;

import static io.silgeom.core.config.Validator.between;
import static io.silgeom.core.config.Validator.betweenDouble;

import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Importance;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.serving.snapshot.RefreshSchedule;
import java.time.Duration;

/**
 * The {@code serving.*} keys: web server, snapshot refresh, trend scoring, admin access, query limits, and the
 * speed-view retention the merge must know to tell an expired bucket from an empty one.
 *
 * <p>NOTE: key names are public (operators set them in files and as {@code SILGEOM_SERVING_*}); do not rename.
 */
public final class ServingConfig {
    public static final ConfigKey<Integer> PORT = ConfigKey.integer("serving.port")
            .defaultValue(8080).validator(between(0, 65535)).importance(Importance.HIGH)
            .doc("HTTP port of the REST API, the dashboard and /metrics. 0 picks a free port (tests).");
    public static final ConfigKey<Duration> REFRESH_INTERVAL = ConfigKey.duration("serving.refresh.interval")
            .defaultValue(Duration.ofSeconds(10)).validator(between(Duration.ofSeconds(1), Duration.ofMinutes(10)))
            .importance(Importance.MEDIUM)
            .doc("The longest a trend snapshot of a (window, lang, source) requested recently goes without being "
                    + "recomputed; sooner when the views change (serving.refresh.min.gap). Shorter: charts follow the "
                    + "sliding window more closely when nothing arrives, more Redis reads.");
    public static final ConfigKey<Duration> REFRESH_MIN_GAP = ConfigKey.duration("serving.refresh.min.gap")
            .defaultValue(Duration.ofSeconds(1)).validator(between(Duration.ZERO, Duration.ofMinutes(10)))
            .importance(Importance.MEDIUM)
            .doc("Shortest pause between the end of one snapshot refresh and the start of the next, when the speed "
                    + "or batch view changed since the last one (longer after a slow refresh: "
                    + "serving.refresh.max.busy). New articles show in /trends about this long plus one refresh "
                    + "after the speed layer applied them. At or above serving.refresh.interval, snapshots follow the "
                    + "interval alone.");
    public static final ConfigKey<Double> REFRESH_MAX_BUSY = ConfigKey.doubleValue("serving.refresh.max.busy")
            .defaultValue(0.25).validator(betweenDouble(0.01, 1.0)).importance(Importance.LOW)
            .doc("Largest share of the time the snapshot refresher spends refreshing while the views keep "
                    + "changing: after a refresh that took d, the next one waits d * (1 - share) / share (and at "
                    + "least serving.refresh.min.gap). Lower leaves more CPU and Redis time to the speed layer on a "
                    + "shared machine; 1 refreshes again after the minimum gap whatever a refresh costs.");
    public static final ConfigKey<Duration> REFRESH_WATCH = ConfigKey.duration("serving.refresh.watch")
            .defaultValue(Duration.ofMillis(200)).validator(between(Duration.ofMillis(10), Duration.ofSeconds(10)))
            .importance(Importance.LOW)
            .doc("How often the snapshot refresher checks whether the views changed: one pipelined Redis round "
                    + "trip (the published batch view, the speed generation and its offsets hash).");
    public static final ConfigKey<Duration> SNAPSHOT_RETENTION = ConfigKey.duration("serving.snapshot.retention")
            .defaultValue(Duration.ofMinutes(15)).validator(between(Duration.ofMinutes(10), Duration.ofHours(24)))
            .importance(Importance.LOW)
            .doc("How long GET /api/v1/trends/{snapshotId} keeps answering with a snapshot, so paging a chart never "
                    + "mixes two snapshots. At least 10m (DESIGN.md section 8).");
    public static final ConfigKey<Duration> SNAPSHOT_IDLE = ConfigKey.duration("serving.snapshot.idle")
            .defaultValue(Duration.ofMinutes(5)).validator(between(Duration.ofMinutes(1), Duration.ofHours(24)))
            .importance(Importance.LOW)
            .doc("A (window, lang, source) chart nobody asked for in this long stops being refreshed; the default "
                    + "chart (1h, all, all) is always refreshed.");
    public static final ConfigKey<Integer> TREND_BASELINE_HOURS = ConfigKey.integer("serving.trend.baseline.hours")
            .defaultValue(24).validator(between(1, 168)).importance(Importance.MEDIUM)
            .doc("Hours before the trend window whose merged counts give the expected count per window.");
    public static final ConfigKey<Integer> TREND_MIN_COUNT = ConfigKey.integer("serving.trend.min.count")
            .defaultValue(3).validator(between(1, 1_000_000)).importance(Importance.MEDIUM)
            .doc("A keyword enters the trend chart only with at least this many articles in the window; keeps "
                    + "one-off words with a tiny baseline from topping the chart.");
    public static final ConfigKey<Integer> TREND_MIN_VOICES = ConfigKey.integer("serving.trend.min.voices")
            .defaultValue(2).validator(between(1, 1000)).importance(Importance.MEDIUM)
            .doc("A keyword charts only when at least this many distinct sites or social authors mentioned it in "
                    + "the window (judged on the hours the speed view covers; 1 turns the rule off).");
    public static final ConfigKey<String> ADMIN_TOKEN = ConfigKey.string("serving.admin.token")
            .defaultValue("").importance(Importance.HIGH)
            .doc("Bearer token for POST /api/v1/admin/*. Empty: the admin endpoints are disabled (403).");
    public static final ConfigKey<Duration> MAX_RANGE = ConfigKey.duration("serving.max.range")
            .defaultValue(Duration.ofDays(31)).validator(between(Duration.ofHours(1), Duration.ofDays(400)))
            .importance(Importance.LOW)
            .doc("Longest from..to range a series or top query may ask for; longer ranges get 400.");
    public static final ConfigKey<Duration> REDIS_TIMEOUT = ConfigKey.duration("serving.redis.timeout")
            .defaultValue(Duration.ofSeconds(2)).validator(between(Duration.ofMillis(50), Duration.ofMinutes(1)))
            .importance(Importance.LOW)
            .doc("Connect and read timeout for Redis; a query that hits it answers degraded instead of hanging.");

    public static final ConfigDef DEF = ConfigDef.of(PORT, REFRESH_INTERVAL, REFRESH_MIN_GAP, REFRESH_MAX_BUSY, REFRESH_WATCH,
            SNAPSHOT_RETENTION, SNAPSHOT_IDLE,
            TREND_BASELINE_HOURS, TREND_MIN_COUNT, TREND_MIN_VOICES, ADMIN_TOKEN, MAX_RANGE,
            REDIS_TIMEOUT);

    private final ConfigDef.Values values;
    /** The speed view's bucket retentions are the speed layer's, so they are declared in {@link CoreConfig}. */
    private final CoreConfig core;

    /** The content policy's blocklist also decides what may chart, so the serving layer reads the same keys. */
    private final ContentPolicy contentPolicy;

    private ServingConfig(ConfigDef.Values values, CoreConfig core, ContentPolicy contentPolicy) {
        this.contentPolicy = contentPolicy;
        this.values = values;
        this.core = core;
    }

    public static ServingConfig from(Settings settings) {
        return new ServingConfig(DEF.parse(settings), CoreConfig.from(settings), ContentPolicy.from(settings));
    }

    public int port() {
        return values.get(PORT);
    }

    public Duration refreshInterval() {
        return values.get(REFRESH_INTERVAL);
    }

    public Duration refreshMinGap() {
        return values.get(REFRESH_MIN_GAP);
    }

    public double refreshMaxBusy() {
        return values.get(REFRESH_MAX_BUSY);
    }

    public Duration refreshWatch() {
        return values.get(REFRESH_WATCH);
    }

    /**
     * When snapshots are refreshed: {@link #refreshInterval}, {@link #refreshMinGap}, {@link #refreshWatch},
     * {@link #refreshMaxBusy}.
     */
    public RefreshSchedule refreshSchedule() {
        return new RefreshSchedule(refreshInterval(), refreshMinGap(), refreshMaxBusy(), refreshWatch());
    }

    public Duration snapshotRetention() {
        return values.get(SNAPSHOT_RETENTION);
    }

    public Duration snapshotIdle() {
        return values.get(SNAPSHOT_IDLE);
    }

    public int trendBaselineHours() {
        return values.get(TREND_BASELINE_HOURS);
    }

    public ContentPolicy contentPolicy() {
        return contentPolicy;
    }

    public int trendMinVoices() {
        return values.get(TREND_MIN_VOICES);
    }

    public int trendMinCount() {
        return values.get(TREND_MIN_COUNT);
    }

    /** The admin bearer token; empty when the admin endpoints are disabled. */
    public String adminToken() {
        return values.get(ADMIN_TOKEN).strip();
    }

    public Duration maxRange() {
        return values.get(MAX_RANGE);
    }

    /** {@link CoreConfig#SPEED_HOUR_RETENTION}: older speed hours may have expired and answer degraded. */
    public Duration speedHourRetention() {
        return core.speedHourRetention();
    }

    /** {@link CoreConfig#SPEED_MINUTE_RETENTION}: older speed minutes may have expired and answer degraded. */
    public Duration speedMinuteRetention() {
        return core.speedMinuteRetention();
    }

    public Duration redisTimeout() {
        return values.get(REDIS_TIMEOUT);
    }
}
