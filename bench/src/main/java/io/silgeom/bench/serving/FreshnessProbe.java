package io.silgeom.bench.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.bench.measure.DelayDistribution;
import io.silgeom.bench.measure.Pacing;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Freshness: how long an article sent to Kafka takes to show in {@code GET /api/v1/trends}, the default chart, with
 * the whole stack running (Kafka, speed layer, serving layer) under a steady load.
 *
 * <p>The sender sends {@code rate} articles a second, paced, event time = now. Once a second, {@code burst} of them
 * (distinct ids and sites) carry marker hashtag {@code #sgprobe<i>} (a new one each second); the others are
 * background articles of 8 words drawn from a 200,000-word synthetic vocabulary, so the window fills with many
 * distinct keywords, none counted anywhere near {@code burst} times, and every marker charts near the top.
 *
 * <p><b>Visible</b> means: a poll of {@code /api/v1/trends?limit=100} (every {@code pollInterval}) lists marker i
 * with count {@code >= burst}, i.e. every article of its burst has been counted and a snapshot holding them was
 * published. The marker's delay is that poll's answer time minus the time the burst's last article was handed to
 * the producer. So it includes the producer's linger, the broker, the speed layer's fetch, flush and apply, the wait
 * for the next snapshot refresh (the refresher's watch of the speed view's offsets, then {@code
 * serving.refresh.min.gap} or a running refresh's end; at most {@code serving.refresh.interval}), the refresh itself,
 * and at most one poll interval of the probe's own.
 */
public final class FreshnessProbe {
    private static final Logger LOG = LoggerFactory.getLogger(FreshnessProbe.class);
    private static final String MARKER = "#sgprobe";
    private static final String[] CONSONANTS = "b c d f g h k l m n p r s t v z".split(" ");
    private static final String[] VOWELS = "a e i o u".split(" ");

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final URI trends;
    private final int burst;
    private final Duration pollInterval;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String[] vocabulary;
    private final Random random = new Random(7);
    private final UnifiedJedis redis;
    private final String offsetsKey;

    /**
     * @param trends     the server's {@code /api/v1/trends} URL
     * @param offsetsKey the speed view's offsets hash ({@code RedisKeys.speedOffsets(generation)}): when every
     *                   article of a marker is applied (each partition's offset at or past the burst's last one in
     *                   it), which splits the delay into the speed layer's and the serving's part
     */
    public FreshnessProbe(Producer<String, byte[]> producer, String topic, URI trends, int burst, Duration pollInterval,
                          UnifiedJedis redis, String offsetsKey) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.offsetsKey = Objects.requireNonNull(offsetsKey, "offsetsKey");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.trends = Objects.requireNonNull(trends, "trends");
        this.burst = burst;
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.vocabulary = vocabulary(200_000);
    }

    /**
     * @param sentPerSecond what the sender reached
     * @param markers       markers sent; {@code delays} has one per marker seen within the drain timeout
     */
    public record Result(long sent, double sentPerSecond, int markers, DelayDistribution delays,
                         DelayDistribution applied, DelayDistribution serving) {
    }

    /**
     * Sends a warm-up marker and waits until it is visible (the speed layer has joined its group, the first
     * snapshot is out), then measures for {@code duration} at {@code ratePerSecond}.
     */
    public Result measure(double ratePerSecond, Duration duration, Duration drainTimeout) throws Exception {
        long warmUp = System.nanoTime();
        for (int b = 0; b < burst; b++) {
            send(marker(-1, b));
        }
        producer.flush();
        if (!awaitVisible(-1, System.nanoTime() + drainTimeout.toNanos() * 4)) {
            throw new IllegalStateException("the warm-up marker never showed in " + trends);
        }
        LOG.info("bench: freshness warm-up marker visible after {} ms", (System.nanoTime() - warmUp) / 1_000_000);

        int markers = (int) duration.toSeconds();
        long[] sentNanos = new long[markers];
        Arrays.fill(sentNanos, Long.MAX_VALUE);
        long[] seenNanos = new long[markers];
        long[] appliedNanos = new long[markers];
        Burst[] bursts = new Burst[markers];
        Arrays.setAll(bursts, m -> new Burst());
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread watcher = new Thread(() -> {
            try {
                watch(sentNanos, seenNanos, bursts, appliedNanos,
                        System.nanoTime() + duration.toNanos() + drainTimeout.toNanos());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "bench-freshness-watcher");
        watcher.setDaemon(true);
        watcher.start();

        long perSecond = Math.round(ratePerSecond);
        long total = perSecond * markers;
        double period = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        long last = start;
        for (long i = 0; i < total; i++) {
            Pacing.awaitNanoTime(start + (long) (i * period));
            int second = (int) (i / perSecond);
            int inSecond = (int) (i % perSecond);
            if (inSecond < burst) {
                send(marker(second, inSecond), bursts[second]);
                if (inSecond == burst - 1) {
                    sentNanos[second] = System.nanoTime();
                }
            } else {
                send(background(i));
            }
            last = System.nanoTime();
        }
        producer.flush();
        watcher.join(drainTimeout.toMillis() + 5_000);
        if (failure.get() != null) {
            throw failure.get();
        }
        List<Long> delays = new ArrayList<>();
        List<Long> applied = new ArrayList<>();
        List<Long> serving = new ArrayList<>();
        for (int m = 0; m < markers; m++) {
            if (seenNanos[m] != 0 && appliedNanos[m] != 0) {
                serving.add(Math.max(0, seenNanos[m] - appliedNanos[m]));
            }
            if (seenNanos[m] != 0) {
                delays.add(seenNanos[m] - sentNanos[m]);
            }
            if (appliedNanos[m] != 0) {
                applied.add(appliedNanos[m] - sentNanos[m]);
            }
        }
        if (delays.size() < markers) {
            LOG.warn("freshness: {} of {} markers were not seen within the drain timeout", markers - delays.size(),
                    markers);
        }
        return new Result(total, total * 1e9 / Math.max(1, last - start), markers,
                distribution(delays),
                distribution(applied),
                distribution(serving));
    }

    /** count 0 (and zero delays) when none was measured, so the other figures are still reported. */
    private static DelayDistribution distribution(List<Long> nanos) {
        return nanos.isEmpty() ? new DelayDistribution(0, Duration.ZERO, Duration.ZERO, Duration.ZERO)
                : DelayDistribution.of(nanos.stream().mapToLong(Long::longValue).toArray());
    }

    private void watch(long[] sentNanos, long[] seenNanos, Burst[] bursts, long[] appliedNanos, long deadline)
            throws Exception {
        int seen = 0;
        while (seen < sentNanos.length && System.nanoTime() < deadline) {
            Map<String, String> stored;
            try {
                stored = redis.hgetAll(offsetsKey);
            } catch (JedisException e) {
                // A long Lua apply can hold Redis past the read timeout: this poll learns nothing about applies.
                LOG.warn("freshness: offsets unreadable this poll: {}", e.toString());
                stored = Map.of();
            }
            long readAt = System.nanoTime();
            for (int m = 0; m < bursts.length; m++) {
                if (appliedNanos[m] == 0 && bursts[m].appliedIn(stored, topic, burst)) {
                    appliedNanos[m] = readAt;
                }
            }
            JsonNode items = poll();
            long at = System.nanoTime();
            for (JsonNode item : items) {
                int m = markerIndex(item.path("canonical").asText());
                if (m >= 0 && m < sentNanos.length && seenNanos[m] == 0 && item.path("count").asLong() >= burst
                        && sentNanos[m] != Long.MAX_VALUE) {
                    seenNanos[m] = at;
                    seen++;
                }
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
    }

    private boolean awaitVisible(int marker, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            for (JsonNode item : poll()) {
                if (markerIndex(item.path("canonical").asText()) == marker && item.path("count").asLong() >= burst) {
                    return true;
                }
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
        return false;
    }

    private JsonNode poll() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(trends + "?limit=100")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(trends + " answered " + r.statusCode());
        }
        return json.readTree(r.body()).path("items");
    }

    /** Marker i's index from its canonical keyword ({@code #sgprobe<i>}, the warm-up one {@code #sgprobewarm}). */
    private static int markerIndex(String canonical) {
        if (!canonical.startsWith(MARKER)) {
            return Integer.MIN_VALUE;
        }
        String rest = canonical.substring(MARKER.length());
        if (rest.equals("warm")) {
            return -1;
        }
        try {
            return Integer.parseInt(rest);
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    private Article marker(int marker, int copy) {
        String tag = MARKER + (marker < 0 ? "warm" : Integer.toString(marker));
        return new Article("probe-" + tag.substring(1) + "-" + copy, Source.NEWS, "probe" + copy + ".example", null,
                "en", Instant.now(), "Readers follow " + tag + " " + words(3), words(8), null);
    }

    private Article background(long i) {
        return new Article("bg-" + i, Source.NEWS, "site" + (i % 500) + ".example", null, "en", Instant.now(),
                words(4), words(4), null);
    }

    private String words(int n) {
        StringBuilder b = new StringBuilder();
        for (int w = 0; w < n; w++) {
            b.append(w == 0 ? "" : " ").append(vocabulary[random.nextInt(vocabulary.length)]);
        }
        return b.toString();
    }

    /** Sends one article of a marker's burst; its partition and offset go to the burst. */
    private void send(Article article, Burst burst) {
        producer.send(new ProducerRecord<>(topic, article.id(), ArticleJson.encode(article)), (meta, e) -> {
            if (e != null) {
                LOG.warn("freshness: a send failed: {}", e.toString());
                return;
            }
            burst.acknowledged(meta.partition(), meta.offset());
        });
    }

    /**
     * Where one marker's articles landed: the last offset per partition (the ids spread them over the partitions).
     * The burst is applied once the speed view's offsets hash holds each of them, so the speed layer's part ends
     * with the last partition to apply, not with the partition of the article sent last.
     */
    private static final class Burst {
        private final Map<Integer, Long> lastOffsets = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger acknowledged =
                new java.util.concurrent.atomic.AtomicInteger();

        /** On the producer's I/O thread. */
        void acknowledged(int partition, long offset) {
            lastOffsets.merge(partition, offset, Math::max);
            acknowledged.incrementAndGet();
        }

        boolean appliedIn(Map<String, String> stored, String topic, int size) {
            if (acknowledged.get() < size) {
                return false;
            }
            for (Map.Entry<Integer, Long> e : lastOffsets.entrySet()) {
                String at = stored.get(topic + ":" + e.getKey());
                if (at == null || Long.parseLong(at) < e.getValue()) {
                    return false;
                }
            }
            return true;
        }
    }

    private void send(Article article) {
        producer.send(new ProducerRecord<>(topic, article.id(), ArticleJson.encode(article)), (meta, e) -> {
            if (e != null) {
                LOG.warn("freshness: a send failed: {}", e.toString());
            }
        });
    }

    /** n distinct pronounceable words of three or four syllables ("bakolu", "zemitora"). */
    private static String[] vocabulary(int n) {
        String[] out = new String[n];
        int syllables = CONSONANTS.length * VOWELS.length;
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder();
            int x = i;
            for (int s = 0; s < 4 && (s < 3 || x > 0); s++) {
                int syl = x % syllables;
                x /= syllables;
                b.append(CONSONANTS[syl / VOWELS.length]).append(VOWELS[syl % VOWELS.length]);
            }
            out[i] = b.toString();
        }
        return out;
    }
}
