package io.silgeom.ingest.collect.rss;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.silgeom.core.article.Article;
import io.silgeom.ingest.collect.Backoff;
import io.silgeom.ingest.collect.CollectorStatus;
import io.silgeom.ingest.publish.EdgeGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls RSS/Atom feeds, each at its own interval, and hands new items to the {@link EdgeGate}.
 *
 * <p>One poll of one feed, in order: conditional GET with the stored validators ({@link FeedFetcher}); 304 ends
 * it. Otherwise parse and map ({@link FeedItems}); skip items whose id the {@link FeedState} has; offer the rest
 * to the gate (valid ones to the articles topic, invalid ones, e.g. a 2 MB item, to the DLQ); wait for Kafka's
 * acknowledgements; only then record the ids and validators in the state file. So a restart never produces an
 * item twice, and a crash before the acknowledgement produces it again rather than losing it (same id: the layers
 * count it once).
 *
 * <p>Failures stay with their feed: a feed that hangs, answers 500, serves malformed XML or bytes in the wrong
 * encoding is logged at ERROR with the reason, marked failing in its health, and retried after a back-off
 * (30 s, 1 min, 2 min, …); the other feeds are polled on other threads and keep flowing.
 *
 * <p>Metrics: {@code silgeom.collect.rss.fetches{feed,outcome=ok|not_modified|error}},
 * {@code silgeom.collect.rss.items{feed,outcome=published|duplicate|dead_lettered|seen_before}} and the gauge
 * {@code silgeom.collect.rss.consecutive.failures{feed}}. Health: {@link #health()} and the {@link CollectorStatus}.
 */
public final class RssCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RssCollector.class);
    private static final int MAX_THREADS = 4;

    private final List<FeedSpec> feeds;
    private final FeedFetcher fetcher;
    private final FeedItems items;
    private final FeedState state;
    private final EdgeGate gate;
    private final Backoff backoff;
    private final CollectorStatus status;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Map<String, FeedHealth> health = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failureGauges = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean stopped;

    public RssCollector(List<FeedSpec> feeds, FeedFetcher fetcher, FeedItems items, FeedState state, EdgeGate gate,
            Backoff backoff, CollectorStatus status, MeterRegistry metrics, Clock clock) {
        this.feeds = List.copyOf(feeds);
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.items = Objects.requireNonNull(items, "items");
        this.state = Objects.requireNonNull(state, "state");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.status = Objects.requireNonNull(status, "status");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (FeedSpec feed : this.feeds) {
            health.put(feed.name(), FeedHealth.waiting(feed));
            AtomicInteger failures = new AtomicInteger();
            failureGauges.put(feed.name(), failures);
            metrics.gauge("silgeom.collect.rss.consecutive.failures", List.of(io.micrometer.core.instrument.Tag.of("feed",
                    feed.name())), failures);
        }
    }

    /** Polls every feed on a few threads, each again after its interval (or its back-off), until {@link #close()}. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        AtomicInteger n = new AtomicInteger();
        scheduler = Executors.newScheduledThreadPool(Math.min(MAX_THREADS, feeds.size()), r -> {
            Thread t = new Thread(r, "silgeom-rss-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LOG.info("rss: polling {} feeds: {}", feeds.size(), feeds.stream().map(FeedSpec::name).toList());
        feeds.forEach(feed -> scheduler.schedule(() -> pollAndReschedule(feed), 0, TimeUnit.MILLISECONDS));
    }

    private void pollAndReschedule(FeedSpec feed) {
        if (stopped) {
            return;
        }
        FeedHealth after;
        try {
            after = poll(feed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        ScheduledExecutorService s = scheduler;
        if (!stopped && s != null && after.nextPoll() != null) {
            long delayMs = Math.max(0, Duration.between(clock.instant(), after.nextPoll()).toMillis());
            s.schedule(() -> pollAndReschedule(feed), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    /** One poll of one feed; never throws for the feed's faults, whatever they are. */
    public FeedHealth poll(FeedSpec feed) throws InterruptedException {
        Instant attempt = clock.instant();
        FeedHealth before = health.get(feed.name());
        try {
            FeedFetcher.Result result = fetcher.fetch(feed, state.validators(feed.name()));
            if (result instanceof FeedFetcher.NotModified) {
                count("fetches", feed, "not_modified");
                return succeeded(feed, before, attempt, "not-modified", 0, 0);
            }
            FeedFetcher.Fetched fetched = (FeedFetcher.Fetched) result;
            List<Article> articles = items.parse(feed, fetched.body(), fetched.contentType(), attempt);
            count("fetches", feed, "ok");
            long published = 0;
            long deadLettered = 0;
            List<String> ids = new ArrayList<>();
            for (Article article : articles) {
                if (state.seen(feed.name(), article.id())) {
                    count("items", feed, "seen_before");
                    continue;
                }
                EdgeGate.Outcome outcome = gate.offer("rss:" + feed.name(), article);
                count("items", feed, outcome.name().toLowerCase(java.util.Locale.ROOT));
                if (outcome == EdgeGate.Outcome.PUBLISHED) {
                    published++;
                } else if (outcome == EdgeGate.Outcome.DEAD_LETTERED) {
                    deadLettered++;
                }
                ids.add(article.id());
            }
            // NOTE: acknowledged first, remembered second: the other order loses items when the process dies between.
            gate.flush();
            state.record(feed.name(), ids, fetched.validators());
            if (!ids.isEmpty()) {
                LOG.info("rss: feed: {}, new items: {}, published: {}, dead-lettered: {}", feed.name(), ids.size(),
                        published, deadLettered);
            }
            return succeeded(feed, before, attempt, "ok", published, deadLettered);
        } catch (FeedFetcher.FeedFetchException | FeedItems.UnreadableFeedException | RuntimeException e) {
            return failed(feed, before, attempt, e);
        }
    }

    private FeedHealth succeeded(FeedSpec feed, FeedHealth before, Instant attempt, String outcome, long published,
            long deadLettered) {
        if (before.failing()) {
            LOG.info("rss: feed: {} answers again after {} failed polls", feed.name(), before.consecutiveFailures());
        }
        failureGauges.get(feed.name()).set(0);
        return update(new FeedHealth(feed.name(), feed.url().toString(), outcome, attempt, attempt, 0, null,
                before.published() + published, before.deadLettered() + deadLettered,
                attempt.plus(feed.pollInterval())));
    }

    private FeedHealth failed(FeedSpec feed, FeedHealth before, Instant attempt, Exception e) {
        count("fetches", feed, "error");
        int failures = before.consecutiveFailures() + 1;
        failureGauges.get(feed.name()).set(failures);
        Duration wait = backoff.after(failures);
        String reason = e instanceof RuntimeException ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
        LOG.error("rss: feed: {}, url: {}, error: {}, failures in a row: {}, retry in: {} ms", feed.name(), feed.url(),
                reason, failures, wait.toMillis());
        return update(new FeedHealth(feed.name(), feed.url().toString(), "failing", attempt, before.lastSuccess(),
                failures, reason, before.published(), before.deadLettered(), attempt.plus(wait)));
    }

    private FeedHealth update(FeedHealth h) {
        health.put(h.feed(), h);
        try {
            status.put(h.feed(), h.toJson());
        } catch (RuntimeException e) {
            // The status store is for operators; an outage there must not stop the feed.
            LOG.warn("rss: cannot write the status of feed {}: {}", h.feed(), e.toString());
        }
        return h;
    }

    private void count(String what, FeedSpec feed, String outcome) {
        Counter.builder("silgeom.collect.rss." + what).tag("feed", feed.name()).tag("outcome", outcome)
                .register(metrics).increment();
    }

    /** The latest health of every feed, in feed-file order. */
    public Map<String, FeedHealth> health() {
        Map<String, FeedHealth> out = new LinkedHashMap<>();
        feeds.forEach(f -> out.put(f.name(), health.get(f.name())));
        return out;
    }

    public List<FeedSpec> feeds() {
        return feeds;
    }

    /** Stops polling (a poll under way finishes or is interrupted) and flushes what was offered. Idempotent. */
    @Override
    public void close() {
        stopped = true;
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
            try {
                if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("rss: a poll still runs 10 s after the stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        gate.flush();
    }
}
