package io.silgeom.ingest.config;

import static io.silgeom.core.config.Validator.betweenDouble;
import static io.silgeom.core.config.Validator.notBlank;
import static io.silgeom.core.config.Validator.oneOf;

import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Importance;
import io.silgeom.core.config.Settings;
import io.silgeom.core.config.Validator;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.ingest.collect.Burst;
import io.silgeom.ingest.collect.GeneratorOptions;
import io.silgeom.ingest.publish.PublisherOptions;
import io.silgeom.ingest.collect.Backoff;
import io.silgeom.ingest.collect.x.XOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ingest.*} (publisher) and {@code generator.*} (synthetic stream) keys, declared once. Topics and
 * the Kafka bootstrap address are {@link CoreConfig}'s.
 */
public final class IngestConfig {
    public static final ConfigKey<Duration> LINGER = ConfigKey.duration("ingest.linger")
            .defaultValue(Duration.ofMillis(10)).validator(Validator.between(Duration.ZERO, Duration.ofSeconds(1)))
            .importance(Importance.MEDIUM)
            .doc("How long the producer waits to fill a batch before sending. Longer: bigger batches, fewer requests,"
                    + " more latency per article.");
    public static final ConfigKey<String> COMPRESSION = ConfigKey.string("ingest.compression")
            .defaultValue("lz4").validator(oneOf("none", "gzip", "snappy", "lz4", "zstd")).importance(Importance.LOW)
            .doc("Producer batch compression. lz4 is cheap on CPU and ships with kafka-clients (pure Java fallback);"
                    + " zstd compresses more but needs its native library.");
    public static final ConfigKey<String> CLIENT_ID = ConfigKey.string("ingest.client.id")
            .defaultValue("silgeom-ingest").validator(notBlank()).importance(Importance.LOW)
            .doc("Kafka client id of the collectors' producer, as seen in broker logs and quotas.");
    public static final ConfigKey<Duration> CLOSE_TIMEOUT = ConfigKey.duration("ingest.close.timeout")
            .defaultValue(Duration.ofSeconds(30)).validator(Validator.between(Duration.ofSeconds(1), Duration.ofMinutes(10)))
            .importance(Importance.LOW)
            .doc("How long closing a collector waits for unacknowledged records; what is still unacknowledged then"
                    + " is reported as lost.");

    public static final ConfigKey<Double> GENERATOR_RATE = ConfigKey.doubleValue("generator.rate")
            .defaultValue(10.0).validator(betweenDouble(0.01, 100_000)).importance(Importance.HIGH)
            .doc("Synthetic articles per second, averaged over a day (the daily cycle moves it up to mid-day KST"
                    + " and down at night).");
    public static final ConfigKey<Long> GENERATOR_SEED = ConfigKey.longValue("generator.seed")
            .defaultValue(20_261_125L).importance(Importance.MEDIUM)
            .doc("Random seed: the same seed and start time give the same records. Ids include the start time, so"
                    + " two runs with one seed do not collide.");
    public static final ConfigKey<Double> GENERATOR_DUPLICATE_SHARE = ConfigKey.doubleValue("generator.duplicate.share")
            .defaultValue(0.01).validator(betweenDouble(0, 0.5)).importance(Importance.LOW)
            .doc("Share of records that re-publish a recent article unchanged (same id), as RSS feeds do; the layers"
                    + " must count each article once.");
    public static final ConfigKey<Double> GENERATOR_INVALID_SHARE = ConfigKey.doubleValue("generator.invalid.share")
            .defaultValue(0.0).validator(betweenDouble(0, 0.5)).importance(Importance.LOW)
            .doc("Share of deliberately invalid records (missing id, unknown source, future time, ...), to demonstrate"
                    + " the dead-letter topic and the invalid-share alarm. Off by default.");
    public static final ConfigKey<Double> GENERATOR_KOREAN_SHARE = ConfigKey.doubleValue("generator.korean.share")
            .defaultValue(0.6).validator(betweenDouble(0, 1)).importance(Importance.LOW)
            .doc("Share of Korean articles; the rest are English.");
    public static final ConfigKey<Double> GENERATOR_SOCIAL_SHARE = ConfigKey.doubleValue("generator.social.share")
            .defaultValue(0.35).validator(betweenDouble(0, 1)).importance(Importance.LOW)
            .doc("Share of social posts (short, with hashtags); the rest are news articles.");
    public static final ConfigKey<Double> GENERATOR_DAILY_AMPLITUDE = ConfigKey.doubleValue("generator.daily.amplitude")
            .defaultValue(0.5).validator(betweenDouble(0, 0.95)).importance(Importance.LOW)
            .doc("Strength of the daily cycle: the rate is multiplied by 1 + a*cos(...), peaking at 13:00 KST."
                    + " 0 is flat; 0.5 makes the peak three times the night trough.");
    public static final ConfigKey<String> GENERATOR_BURSTS = ConfigKey.string("generator.bursts")
            .defaultValue("태풍@3m+15m*20,#WorldSeries@5m+12m*30,지진@25m+20m*25")
            .validator(IngestConfig::burstProblem).importance(Importance.MEDIUM)
            .doc("Planted spikes, comma-separated keyword@start+duration*multiplier; start is an offset from the"
                    + " generator's start (3m) or a UTC instant (2026-11-25T10:00:00Z); a keyword with # is a hashtag"
                    + " on social posts. 'none' for no bursts.");
    public static final ConfigKey<Duration> GENERATOR_BACKFILL = ConfigKey.duration("generator.backfill")
            .defaultValue(Duration.ofHours(3)).validator(Validator.between(Duration.ZERO, Duration.ofDays(30)))
            .importance(Importance.MEDIUM)
            .doc("History generated at start, before the live stream, so the batch view has something to show at"
                    + " once. 0s for none.");
    public static final ConfigKey<Double> GENERATOR_BACKFILL_RATE = ConfigKey.doubleValue("generator.backfill.rate")
            .defaultValue(10.0).validator(betweenDouble(0.01, 100_000)).importance(Importance.LOW)
            .doc("Articles per second of event time in the backfilled history (3h at 10/s is about 100,000 articles). "
                    + "Keep it near generator.rate: the trend baseline compares the live rate with this history.");

    public static final ConfigKey<Duration> RSS_POLL_INTERVAL = ConfigKey.duration("rss.poll.interval")
            .defaultValue(Duration.ofMinutes(5)).validator(Validator.between(Duration.ofSeconds(1), Duration.ofDays(1)))
            .importance(Importance.MEDIUM)
            .doc("How often a feed is polled when its line in the feeds file gives no interval.");
    public static final ConfigKey<Duration> RSS_FETCH_TIMEOUT = ConfigKey.duration("rss.fetch.timeout")
            .defaultValue(Duration.ofSeconds(30)).validator(Validator.between(Duration.ofMillis(100), Duration.ofMinutes(10)))
            .importance(Importance.LOW)
            .doc("Longest time one feed fetch may take, headers and body; a feed that hangs longer counts as failed"
                    + " and is retried after a back-off, while the other feeds go on.");
    public static final ConfigKey<Duration> RSS_RETRY_INITIAL = ConfigKey.duration("rss.retry.initial")
            .defaultValue(Duration.ofSeconds(30)).validator(Validator.between(Duration.ofMillis(10), Duration.ofHours(1)))
            .importance(Importance.LOW)
            .doc("Wait after a feed's first failed poll; it doubles with each further failure up to rss.retry.max.");
    public static final ConfigKey<Duration> RSS_RETRY_MAX = ConfigKey.duration("rss.retry.max")
            .defaultValue(Duration.ofMinutes(30)).validator(Validator.between(Duration.ofMillis(10), Duration.ofDays(1)))
            .importance(Importance.LOW)
            .doc("Longest wait between two polls of a failing feed.");
    public static final ConfigKey<Long> RSS_MAX_FEED_BYTES = ConfigKey.longValue("rss.max.feed.bytes")
            .defaultValue(16L << 20).validator(Validator.atLeast(1024)).importance(Importance.LOW)
            .doc("Largest feed document accepted; a larger one is abandoned while downloading and the poll fails.");
    public static final ConfigKey<Integer> RSS_SEEN_PER_FEED = ConfigKey.integer("rss.seen.per.feed")
            .defaultValue(10_000).validator(Validator.between(100, 10_000_000)).importance(Importance.LOW)
            .doc("Item ids remembered per feed in the state file, so an item is never produced twice across"
                    + " restarts; keep it well above the number of items a feed shows at once.");

    public static final ConfigKey<String> X_BEARER_TOKEN = ConfigKey.string("x.bearer.token")
            .defaultValue("").importance(Importance.HIGH)
            .doc("Bearer token (app-only) of the X API v2, best given as SILGEOM_X_BEARER_TOKEN. Without it"
                    + " silgeom collect x refuses to start.");
    public static final ConfigKey<String> X_API_URL = ConfigKey.string("x.api.url")
            .defaultValue("https://api.x.com").validator(notBlank()).importance(Importance.LOW)
            .doc("Base URL of the X API v2 (scheme and host; the collector adds /2/tweets/...).");
    public static final ConfigKey<String> X_RULES = ConfigKey.string("x.rules")
            .defaultValue("").importance(Importance.HIGH)
            .doc("Filtered-stream rules, separated by ;; each rule is X's rule syntax, e.g. (태풍 OR typhoon) -is:retweet."
                    + " The collector replaces the stream's rules with these at start. Also the recent-search query"
                    + " (rules joined with OR) when the stream is not available.");
    public static final ConfigKey<Duration> X_SEARCH_INTERVAL = ConfigKey.duration("x.search.interval")
            .defaultValue(Duration.ofMinutes(1)).validator(Validator.between(Duration.ofSeconds(1), Duration.ofHours(1)))
            .importance(Importance.LOW)
            .doc("Time between two recent-search requests while the collector falls back to search.");
    public static final ConfigKey<Duration> X_STALL_TIMEOUT = ConfigKey.duration("x.stall.timeout")
            .defaultValue(Duration.ofSeconds(60)).validator(Validator.between(Duration.ofMillis(100), Duration.ofMinutes(10)))
            .importance(Importance.LOW)
            .doc("A stream that sends nothing, not even its keep-alive newline (every 20 s), for this long is"
                    + " treated as disconnected and reconnected.");

    /** Redis hash of the RSS collector's health: feed name → JSON health. */
    public static final String RSS_STATUS_KEY = RedisKeys.RSS_COLLECTOR_STATUS;
    /** Redis hash of the X collector's health: {@code stream} / {@code search} → JSON health. */
    public static final String X_STATUS_KEY = RedisKeys.X_COLLECTOR_STATUS;

    public static final ConfigDef DEF = ConfigDef.of(LINGER, COMPRESSION, CLIENT_ID, CLOSE_TIMEOUT,
            RSS_POLL_INTERVAL, RSS_FETCH_TIMEOUT, RSS_RETRY_INITIAL, RSS_RETRY_MAX, RSS_MAX_FEED_BYTES,
            RSS_SEEN_PER_FEED, X_BEARER_TOKEN, X_API_URL, X_RULES, X_SEARCH_INTERVAL, X_STALL_TIMEOUT,
            GENERATOR_RATE, GENERATOR_SEED, GENERATOR_DUPLICATE_SHARE, GENERATOR_INVALID_SHARE, GENERATOR_KOREAN_SHARE,
            GENERATOR_SOCIAL_SHARE, GENERATOR_DAILY_AMPLITUDE, GENERATOR_BURSTS, GENERATOR_BACKFILL,
            GENERATOR_BACKFILL_RATE);

    private final ConfigDef.Values values;

    private IngestConfig(ConfigDef.Values values) {
        this.values = values;
    }

    /** @throws ConfigException naming the key and the value */
    public static IngestConfig from(Settings settings) {
        IngestConfig config = new IngestConfig(DEF.parse(settings));
        double share = config.values.get(GENERATOR_DUPLICATE_SHARE) + config.values.get(GENERATOR_INVALID_SHARE);
        if (share > 0.5) {
            throw new ConfigException(GENERATOR_DUPLICATE_SHARE.name() + " + " + GENERATOR_INVALID_SHARE.name()
                    + ": together " + share + ", must be at most 0.5");
        }
        return config;
    }

    public Duration linger() {
        return values.get(LINGER);
    }

    public String compression() {
        return values.get(COMPRESSION);
    }

    public String clientId() {
        return values.get(CLIENT_ID);
    }

    public Duration closeTimeout() {
        return values.get(CLOSE_TIMEOUT);
    }

    public Duration rssPollInterval() {
        return values.get(RSS_POLL_INTERVAL);
    }

    public Duration rssFetchTimeout() {
        return values.get(RSS_FETCH_TIMEOUT);
    }

    public Backoff rssRetry() {
        return new Backoff(values.get(RSS_RETRY_INITIAL), max(values.get(RSS_RETRY_INITIAL), values.get(RSS_RETRY_MAX)));
    }

    public long rssMaxFeedBytes() {
        return values.get(RSS_MAX_FEED_BYTES);
    }

    public int rssSeenPerFeed() {
        return values.get(RSS_SEEN_PER_FEED);
    }

    /** The X collector's settings; the token may be blank here: {@link XOptions#requireToken()} refuses that. */
    public XOptions xOptions() {
        List<String> rules = Arrays.stream(values.get(X_RULES).split(";")).map(String::strip)
                .filter(r -> !r.isEmpty()).toList();
        return new XOptions(values.get(X_BEARER_TOKEN).strip(), URI.create(values.get(X_API_URL)), rules,
                values.get(X_SEARCH_INTERVAL), values.get(X_STALL_TIMEOUT));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public Duration generatorBackfill() {
        return values.get(GENERATOR_BACKFILL);
    }

    /** The publisher's options: bootstrap and topics from {@link CoreConfig}, the rest from these keys. */
    public PublisherOptions publisherOptions(CoreConfig core) {
        return new PublisherOptions(core.kafkaBootstrap(), core.articlesTopic(), core.dlqTopic(), linger(),
                compression(), clientId(), closeTimeout());
    }

    public GeneratorOptions generatorOptions() {
        List<Burst> bursts = Burst.parseList(values.get(GENERATOR_BURSTS));
        return new GeneratorOptions(values.get(GENERATOR_SEED), values.get(GENERATOR_RATE),
                values.get(GENERATOR_DUPLICATE_SHARE), values.get(GENERATOR_INVALID_SHARE),
                values.get(GENERATOR_KOREAN_SHARE), values.get(GENERATOR_SOCIAL_SHARE),
                values.get(GENERATOR_DAILY_AMPLITUDE), bursts, values.get(GENERATOR_BACKFILL_RATE));
    }

    private static String burstProblem(String spec) {
        try {
            Burst.parseList(spec);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not a burst list (" + e.getMessage() + ")";
        }
    }
}
