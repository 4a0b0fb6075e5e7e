package io.silgeom.serving.snapshot;

import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.RedisUnavailableException;
import io.silgeom.serving.signal.Headline;
import io.silgeom.serving.trend.ScoredKeyword;
import io.silgeom.serving.trend.TrendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps trend charts fresh and stable: every refresh interval it recomputes the chart of each (window, lang, source)
 * requested within the idle time (the default 1h/all/all chart always), numbers the ranks against the previous
 * snapshot of the same chart, and keeps every snapshot for the retention time so {@link #byId} returns it unchanged.
 *
 * <p>Publication follows the time-boundary pattern (STYLE.md section 2): all snapshots live in one immutable
 * {@link State} held in one {@code volatile} field; the writer ({@code synchronized}) builds a new state and swaps it
 * in, readers read the field once. A reader never sees a half-updated chart.
 *
 * <p>When the views cannot be read at all (Redis down), the previous snapshot stays the latest (its {@code asOf}
 * tells its age) and {@link #lastFailure()} says why; with no previous snapshot, an empty degraded one is published.
 */
public final class SnapshotService implements AutoCloseable {
    /** Items kept per snapshot; the API's {@code limit} cannot exceed it. */
    public static final int MAX_ITEMS = 100;
    /** Charts refreshed at most at once; the least recently requested one is dropped beyond that. */
    static final int MAX_TRACKED = 32;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final TrendSource source;
    private final Function<Collection<String>, Map<String, String>> displayNames;
    private final Duration refreshInterval;
    private final Duration retention;
    private final Duration idle;
    private final Clock clock;
    private final Map<SnapshotKey, Instant> lastRequested = new ConcurrentHashMap<>();
    private final List<Consumer<TrendSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final EvidenceSource evidence;
    private final AtomicLong sequence = new AtomicLong();
    private volatile State state = new State(Map.of(), Map.of());
    private volatile String lastFailure;
    private final Object schedulerLock = new Object();
    private ScheduledExecutorService scheduler;

    /**
     * @param displayNames canonical keyword to display form (e.g. {@code DisplayNames::lookup})
     */
    public SnapshotService(TrendSource source, Function<Collection<String>, Map<String, String>> displayNames,
                           Duration refreshInterval, Duration retention, Duration idle, Clock clock) {
        this(source, displayNames, EvidenceSource.NONE, refreshInterval, retention, idle, clock);
    }

    /**
     * @param displayNames canonical keyword to display form (e.g. {@code DisplayNames::lookup})
     * @param evidence     headlines per charted keyword (e.g. {@code EvidenceReader::headlines})
     */
    public SnapshotService(TrendSource source, Function<Collection<String>, Map<String, String>> displayNames,
                           EvidenceSource evidence, Duration refreshInterval, Duration retention, Duration idle,
                           Clock clock) {
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.source = Objects.requireNonNull(source, "source");
        this.displayNames = Objects.requireNonNull(displayNames, "displayNames");
        this.refreshInterval = Objects.requireNonNull(refreshInterval, "refreshInterval");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Starts refreshing on a daemon thread, the first refresh right away. */
    public void start() {
        synchronized (schedulerLock) {
            if (scheduler != null) {
                throw new IllegalStateException("snapshot service already started");
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "silgeom-snapshots");
                t.setDaemon(true);
                return t;
            });
            // NOTE: at a fixed rate, not with a fixed delay: a refresh that takes 2 s would otherwise stretch every
            // interval to 12 s, and what a reader waits for a new article to show is about one interval.
            scheduler.scheduleAtFixedRate(this::refreshDue, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The latest snapshot of {@code key}; marks the chart as requested. A chart not computed yet, or not refreshed
     * for two intervals (it was idle), is computed now, in the caller's thread.
     */
    public TrendSnapshot latest(SnapshotKey key) {
        Instant now = clock.instant();
        markRequested(key, now);
        TrendSnapshot s = state.latest.get(key);
        if (s == null || s.asOf().isBefore(now.minus(refreshInterval.multipliedBy(2)))) {
            return refresh(key);
        }
        return s;
    }

    /** The latest snapshot of {@code key} if there is one; does not count as a request. */
    public Optional<TrendSnapshot> peek(SnapshotKey key) {
        return Optional.ofNullable(state.latest.get(key));
    }

    /** A snapshot by id, while it is kept (at least the retention time after its {@code asOf}). */
    public Optional<TrendSnapshot> byId(String snapshotId) {
        return Optional.ofNullable(state.byId.get(snapshotId));
    }

    /** Why the last refresh could not read the views, or empty when it could. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Called with each new snapshot of {@link SnapshotKey#DEFAULT}, on the refreshing thread. */
    public void addListener(Consumer<TrendSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<TrendSnapshot> listener) {
        listeners.remove(listener);
    }

    /** One refresh cycle: the default chart and every chart requested within the idle time. */
    public void refreshDue() {
        Instant now = clock.instant();
        lastRequested.entrySet().removeIf(e -> e.getValue().isBefore(now.minus(idle)));
        List<SnapshotKey> due = new ArrayList<>();
        due.add(SnapshotKey.DEFAULT);
        lastRequested.keySet().stream().filter(k -> !k.equals(SnapshotKey.DEFAULT)).forEach(due::add);
        for (SnapshotKey key : due) {
            try {
                refresh(key);
            } catch (RuntimeException e) {
                // The schedule must survive one bad chart; the error is an operator's problem, so it is logged loudly.
                LOG.error("snapshot refresh failed for {}", key, e);
            }
        }
    }

    /** Computes and publishes a new snapshot of {@code key} now; returns the latest (the previous one on failure). */
    public TrendSnapshot refresh(SnapshotKey key) {
        Published p = computeAndPublish(key);
        if (p.fresh && key.equals(SnapshotKey.DEFAULT)) {
            for (Consumer<TrendSnapshot> l : listeners) {
                try {
                    l.accept(p.snapshot);
                } catch (RuntimeException e) {
                    LOG.warn("snapshot listener failed: {}", e.toString());
                }
            }
        }
        return p.snapshot;
    }

    private synchronized Published computeAndPublish(SnapshotKey key) {
        State current = state;
        TrendSnapshot previous = current.latest.get(key);
        Instant now = clock.instant();
        TrendSnapshot next;
        try {
            TrendResult result = source.compute(key.window(), key.slice());
            next = build(key, result, previous);
            if (lastFailure != null) {
                LOG.info("snapshot refresh: views readable again");
            }
            lastFailure = null;
        } catch (RedisUnavailableException e) {
            if (lastFailure == null) {
                LOG.warn("snapshot refresh: {}; keeping the previous snapshots", e.getMessage());
            }
            lastFailure = e.getMessage();
            if (previous != null) {
                return new Published(previous, false);
            }
            next = new TrendSnapshot(newId(key, now), now, key.window().label(), key.slice().lang(),
                    key.slice().source(), null, null, null, null, true, e.getMessage(), 0, List.of());
        }
        Map<SnapshotKey, TrendSnapshot> latest = new HashMap<>(current.latest);
        latest.put(key, next);
        Instant keepAfter = now.minus(retention);
        // Charts nobody watches any more are forgotten once their last snapshot is past the retention.
        latest.entrySet().removeIf(e -> e.getValue().asOf().isBefore(keepAfter));
        Map<String, TrendSnapshot> byId = new LinkedHashMap<>();
        current.byId.values().stream()
                .filter(s -> !s.asOf().isBefore(keepAfter) || latest.containsValue(s))
                .forEach(s -> byId.put(s.snapshotId(), s));
        byId.put(next.snapshotId(), next);
        state = new State(latest, byId);
        LOG.debug("snapshot {} published: {} items, degraded={}", next.snapshotId(), next.items().size(),
                next.degraded());
        return new Published(next, true);
    }

    private TrendSnapshot build(SnapshotKey key, TrendResult result, TrendSnapshot previous) {
        Map<String, Integer> previousRanks = new HashMap<>();
        if (previous != null) {
            previous.items().forEach(i -> previousRanks.put(i.canonical(), i.rank()));
        }
        List<ScoredKeyword> top = result.ranked().subList(0, Math.min(MAX_ITEMS, result.ranked().size()));
        List<String> charted = top.stream().map(ScoredKeyword::keyword).toList();
        Map<String, String> display = displayNames.apply(charted);
        Map<String, List<Headline>> headlines = evidence.headlines(result.views().speedGeneration(),
                result.windowStart(), result.windowEnd(), charted);
        List<TrendItem> items = new ArrayList<>(top.size());
        for (int i = 0; i < top.size(); i++) {
            ScoredKeyword k = top.get(i);
            int rank = i + 1;
            Integer prev = previousRanks.get(k.keyword());
            items.add(new TrendItem(rank, display.getOrDefault(k.keyword(), k.keyword()), k.keyword(),
                    round3(k.score()), k.count(), round3(k.expected()), prev, Change.of(prev, rank),
                    headlines.getOrDefault(k.keyword(), List.of())));
        }
        BatchCutoff batch = result.views().batch();
        return new TrendSnapshot(newId(key, result.asOf()), result.asOf(), key.window().label(), key.slice().lang(),
                key.slice().source(), result.windowStart(), result.windowEnd(),
                batch == null ? null : batch.version(), batch == null ? null : batch.cutoff(),
                result.degraded(), result.reason(), items.size(), items);
    }

    private void markRequested(SnapshotKey key, Instant now) {
        lastRequested.put(key, now);
        while (lastRequested.size() > MAX_TRACKED) {
            lastRequested.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                    .ifPresent(e -> lastRequested.remove(e.getKey(), e.getValue()));
        }
    }

    private String newId(SnapshotKey key, Instant asOf) {
        return ID_TIME.format(asOf) + "-" + key.window().label() + "-" + key.slice().lang() + "-"
                + key.slice().source() + "-" + sequence.incrementAndGet();
    }

    private static double round3(double x) {
        return Math.round(x * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        // NOTE: not the monitor computeAndPublish holds, so closing does not wait behind a slow Redis read.
        synchronized (schedulerLock) {
            if (scheduler == null) {
                return;
            }
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("snapshot refresher did not stop within 5s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    /** Everything readers see, swapped as a whole. */
    private record State(Map<SnapshotKey, TrendSnapshot> latest, Map<String, TrendSnapshot> byId) {
        State {
            latest = Map.copyOf(latest);
            byId = Map.copyOf(byId);
        }
    }

    private record Published(TrendSnapshot snapshot, boolean fresh) {
    }
}
