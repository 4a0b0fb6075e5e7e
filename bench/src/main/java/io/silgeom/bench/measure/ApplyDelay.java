package io.silgeom.bench.measure;

import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleJson;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Figure (c): the delay from produce to applied, for articles sent at a steady rate into a running speed layer.
 *
 * <ol>
 *   <li>The sender sends article i at {@code start + i / rate} (catching up at once if it fell behind), with event
 *       time = now, and notes {@link System#nanoTime()} just before {@code send}. The send callback gives the
 *       record's partition and offset.</li>
 *   <li>A watcher reads the speed view's offsets hash ({@code sg:s:<gen>:offsets}, written in the same Lua step
 *       as the counts) every {@code pollInterval}. An article is applied when its partition's stored offset is
 *       at or past its own; its delay is the watcher's read time minus its send time.</li>
 * </ol>
 * So the delay includes the producer's linger, the broker, the consumer's fetch, the speed layer's flush
 * interval and the Lua apply, and overstates the truth by at most one poll interval plus one HGETALL.
 */
public final class ApplyDelay {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyDelay.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final UnifiedJedis redis;
    private final String offsetsKey;
    private final Duration pollInterval;

    /** Per partition: {offset, sendNanos} of sent records not yet seen applied, in offset order. */
    private final Map<Integer, Queue<long[]>> pending = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
    private long[] delaysNanos = new long[1024];
    private int delayCount;

    public ApplyDelay(Producer<String, byte[]> producer, String topic, UnifiedJedis redis, String offsetsKey,
                      Duration pollInterval) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.offsetsKey = Objects.requireNonNull(offsetsKey, "offsetsKey");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * @param sentSpan from the first send to the last
     * @param unmatched sent records never seen applied within the drain timeout
     */
    public record Result(long sent, Duration sentSpan, DelayDistribution delays, long unmatched) {
        public double sentPerSecond() {
            return sent * 1e9 / sentSpan.toNanos();
        }
    }

    /**
     * Sends {@code ratePerSecond × duration} articles, the i-th built by {@code articleAt} at its send time (so
     * it can carry event time = now; its id is the Kafka key, as the publisher does), then waits up to
     * {@code drainTimeout} for the last of them to be applied.
     */
    public Result measure(LongFunction<Article> articleAt, double ratePerSecond, Duration duration, Duration drainTimeout)
            throws InterruptedException {
        long total = Math.round(ratePerSecond * duration.toNanos() / 1e9);
        double periodNanos = 1e9 / ratePerSecond;
        Thread watcher = new Thread(() -> watch(total, drainTimeout, duration), "bench-apply-watcher");
        watcher.setDaemon(true);
        watcher.start();

        long start = System.nanoTime();
        long lastSend = start;
        for (long i = 0; i < total; i++) {
            Pacing.awaitNanoTime(start + (long) (i * periodNanos));
            Article article = articleAt.apply(i);
            byte[] value = ArticleJson.encode(article);
            String key = article.id();
            long sendNanos = System.nanoTime();
            lastSend = sendNanos;
            producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
                if (e != null) {
                    sendFailure.compareAndSet(null, e);
                    return;
                }
                pending.computeIfAbsent(meta.partition(), p -> new ConcurrentLinkedQueue<>())
                        .add(new long[] {meta.offset(), sendNanos});
            });
        }
        producer.flush();
        Exception failure = sendFailure.get();
        if (failure != null) {
            throw new IllegalStateException("a paced send failed; the delay figure would be wrong", failure);
        }
        watcher.join(drainTimeout.toMillis() + duration.toMillis() + 5_000);
        long[] delays;
        synchronized (this) {
            delays = Arrays.copyOf(delaysNanos, delayCount);
        }
        return new Result(total, Duration.ofNanos(lastSend - start), DelayDistribution.of(delays), total - delays.length);
    }

    private void watch(long total, Duration drainTimeout, Duration sendDuration) {
        long deadline = System.nanoTime() + sendDuration.toNanos() + drainTimeout.toNanos();
        long matched = 0;
        while (matched < total && System.nanoTime() < deadline) {
            Map<String, String> offsets = redis.hgetAll(offsetsKey);
            long seenAt = System.nanoTime();
            for (Map.Entry<String, String> e : offsets.entrySet()) {
                String field = e.getKey();
                if (!field.startsWith(topic + ":")) {
                    continue;
                }
                int partition = Integer.parseInt(field.substring(topic.length() + 1));
                long stored = Long.parseLong(e.getValue());
                Queue<long[]> q = pending.get(partition);
                if (q == null) {
                    continue;
                }
                for (long[] head = q.peek(); head != null && head[0] <= stored; head = q.peek()) {
                    q.poll();
                    record(seenAt - head[1]);
                    matched++;
                }
            }
            LockSupport.parkNanos(pollInterval.toNanos());
        }
        if (matched < total) {
            LOG.warn("apply delay: {} of {} paced records were not seen applied in time", total - matched, total);
        }
    }

    private synchronized void record(long delayNanos) {
        if (delayCount == delaysNanos.length) {
            delaysNanos = Arrays.copyOf(delaysNanos, delaysNanos.length * 2);
        }
        delaysNanos[delayCount++] = delayNanos;
    }
}
