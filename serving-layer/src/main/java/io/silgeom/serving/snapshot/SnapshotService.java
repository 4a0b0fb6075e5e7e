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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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
 * Keeps trend charts fresh and stable: it recomputes the chart of each (window, lang, source) requested within the
 * idle time (the default 1h/all/all chart always) soon after the views move, at least every refresh interval
 * ({@link RefreshSchedule}, {@link RefreshTrigger}), numbers the ranks against the chart about one interval earlier,
 * and keeps every snapshot for the retention time so {@link #byId} returns it unchanged.
 *
 * <p>Publication follows the time-boundary pattern (STYLE.md section 2): the latest snapshot of every chart lives in
 * one immutable map held in one {@code volatile} field; the writer ({@code synchronized}) builds a new map and swaps
 * it in, readers read the field once. A reader never sees a half-updated chart. The by-id index is a concurrent map
 * the writer fills before it publishes a snapshot and empties after the retention: with a refresh every second or so
 * it holds hundreds of snapshots per chart, too many to copy on every publication.
 *
 * <p><b>Rank change</b> is against the newest snapshot of the same chart at least three quarters of the refresh
 * interval older ({@link #REFERENCE_AGE_SHARE}): the previous snapshot when refreshes come at the interval, the one
 * some 8 s earlier (at the default 10 s) when the speed layer's applies bring them every second. So {@code UP} still
 * means "moved up over about one interval", and an arrow does not vanish at the next refresh a second later.
 *
 * <p><b>Memory</b>: a chart refreshed on every change keeps up to retention / min gap snapshots (900 at 15m and 1s).
 * Consecutive snapshots share what did not change (display forms, evidence headlines, whole rows), so each new one
 * costs little more than its 100 rows' numbers, a few KB.
 *
 * <p>When the views cannot be read at all (Redis down), the previous snapshot stays the latest (its {@code asOf}
 * tells its age) and {@link #lastFailure()} says why; with no previous snapshot, an empty degraded one is published.
 */
public final class SnapshotService implements AutoCloseable {
    /** Items kept per snapshot; the API's {@code limit} cannot exceed it. */
    public static final int MAX_ITEMS = 100;
    /** Charts refreshed at most at once; the least recently requested one is dropped beyond that. */
    static final int MAX_TRACKED = 32;
    /**
     * A new snapshot's ranks are compared with the newest one of its chart at least this share of the refresh
     * interval older; below 1 so a timer refresh that comes a little early still compares with the previous one.
     */
    static final double REFERENCE_AGE_SHARE = 0.75;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final TrendSource source;
    private final Function<Collection<String>, Map<String, String>> displayNames;
    private final RefreshSchedule schedule;
    private final Duration referenceAge;
    private final ViewProgress progress;
    private final Duration retention;
    private final Duration idle;
    private final Clock clock;
    private final Map<SnapshotKey, Instant> lastRequested = new ConcurrentHashMap<>();
    private final List<Consumer<TrendSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final EvidenceSource evidence;
    private final AtomicLong sequence = new AtomicLong();
    private volatile Map<SnapshotKey, TrendSnapshot> latest = Map.of();
    /** Every kept snapshot by id: filled before a snapshot is published, emptied after the retention. */
    private final Map<String, TrendSnapshot> byId = new ConcurrentHashMap<>();
    /** Guarded by {@code this}: kept snapshots in publication order (so oldest first), to expire them. */
    private final ArrayDeque<Kept> kept = new ArrayDeque<>();
    /** Guarded by {@code this}: per chart, its snapshots from the newest possible rank reference on. */
    private final Map<SnapshotKey, ArrayDeque<TrendSnapshot>> history = new HashMap<>();
    private volatile String lastFailure;
    /** Refresh cycles the refresher ran, by what brought them ({@link RefreshTrigger.Decision}, lower case). */
    private final Map<String, AtomicLong> cycles = new ConcurrentHashMap<>();
    private volatile long lastCycleNanos = -1;
    private final Object schedulerLock = new Object();
    private ScheduledExecutorService scheduler;

    /**
     * Refreshes every {@code refreshInterval}, without evidence headlines or a watch of the views.
     *
     * @param displayNames canonical keyword to display form (e.g. {@code DisplayNames::lookup})
     */
    public SnapshotService(TrendSource source, Function<Collection<String>, Map<String, String>> displayNames,
                           Duration refreshInterval, Duration retention, Duration idle, Clock clock) {
        this(source, displayNames, EvidenceSource.NONE, ViewProgress.NONE, RefreshSchedule.every(refreshInterval),
                retention, idle, clock);
    }

    /**
     * @param displayNames canonical keyword to display form (e.g. {@code DisplayNames::lookup})
     * @param evidence     headlines per charted keyword (e.g. {@code EvidenceReader::headlines})
     * @param progress     the views' progress, watched so a refresh follows a change ({@link RedisViewProgress})
     * @param retention    how long a snapshot stays readable by id after its {@code asOf}
     * @param idle         a chart nobody requested for this long is no longer refreshed
     */
    public SnapshotService(TrendSource source, Function<Collection<String>, Map<String, String>> displayNames,
                           EvidenceSource evidence, ViewProgress progress, RefreshSchedule schedule,
                           Duration retention, Duration idle, Clock clock) {
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.source = Objects.requireNonNull(source, "source");
        this.displayNames = Objects.requireNonNull(displayNames, "displayNames");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.referenceAge = Duration.ofNanos((long) (schedule.interval().toNanos() * REFERENCE_AGE_SHARE));
        this.retention = Objects.requireNonNull(retention, "retention");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts refreshing on a daemon thread, the first refresh right away: every {@link RefreshSchedule#watch()} the
     * thread reads the views' progress (when the schedule follows changes) and refreshes when {@link RefreshTrigger}
     * says a refresh is due.
     */
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
            RefreshTrigger trigger = new RefreshTrigger(schedule);
            // NOTE: ticks with a fixed delay, and the trigger measures the interval from one refresh's start to the
            // next: a refresh that takes 2 s does not stretch the interval to 12 s (what a reader waits for a new
            // article is about one gap or one interval), and a tick never queues behind a slow refresh.
            scheduler.scheduleWithFixedDelay(() -> tick(trigger), 0, schedule.watch().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
    }

    /** One tick of the refresher: read the progress, ask the trigger, refresh if it says so. */
    private void tick(RefreshTrigger trigger) {
        try {
            Object now = schedule.followsChanges() ? progress.read() : null;
            long start = System.nanoTime();
            RefreshTrigger.Decision decision = trigger.decide(start, now);
            if (decision == RefreshTrigger.Decision.WAIT) {
                return;
            }
            refreshDue();
            long end = System.nanoTime();
            // The progress read before the refresh: a change during it brings the next one.
            trigger.refreshed(start, end, now);
            cycles.computeIfAbsent(decision.name().toLowerCase(Locale.ROOT), c -> new AtomicLong())
                    .incrementAndGet();
            lastCycleNanos = end - start;
            LOG.debug("snapshot refresh ({}) took {} ms", decision, (end - start) / 1_000_000);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the refresher must outlive any one bad tick.
            LOG.error("snapshot refresher tick failed", e);
        }
    }

    /**
     * The latest snapshot of {@code key}; marks the chart as requested. A chart not computed yet, or not refreshed
     * for two intervals (it was idle), is computed now, in the caller's thread.
     */
    public TrendSnapshot latest(SnapshotKey key) {
        Instant now = clock.instant();
        markRequested(key, now);
        TrendSnapshot s = latest.get(key);
        if (s == null || s.asOf().isBefore(now.minus(schedule.interval().multipliedBy(2)))) {
            return refresh(key);
        }
        return s;
    }

    /** The latest snapshot of {@code key} if there is one; does not count as a request. */
    public Optional<TrendSnapshot> peek(SnapshotKey key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** A snapshot by id, while it is kept (at least the retention time after its {@code asOf}). */
    public Optional<TrendSnapshot> byId(String snapshotId) {
        return Optional.ofNullable(byId.get(snapshotId));
    }

    /**
     * Refresh cycles the refresher has run, by what brought them: {@code first}, {@code changed} (the views moved),
     * {@code interval} (the longest wait was reached); a cause not seen yet is absent.
     */
    public Map<String, Long> refreshCycles() {
        Map<String, Long> out = new HashMap<>();
        cycles.forEach((cause, n) -> out.put(cause, n.get()));
        return out;
    }

    /** How long the refresher's last cycle took (every due chart), or empty before the first. */
    public Optional<Duration> lastRefreshCycle() {
        long nanos = lastCycleNanos;
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
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
        TrendSnapshot previous = latest.get(key);
        Instant now = clock.instant();
        TrendSnapshot next;
        try {
            TrendResult result = source.compute(key.window(), key.slice());
            next = build(key, result, previous, reference(key, result.asOf()));
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
                    key.slice().source(), null, null, null, null, true, e.getMessage(), null, 0, List.of());
        }
        // NOTE: in the index before it is the latest, so a reader who got it as the latest finds it by id.
        byId.put(next.snapshotId(), next);
        kept.addLast(new Kept(key, next));
        remember(key, next);
        Map<SnapshotKey, TrendSnapshot> charts = new HashMap<>(latest);
        charts.put(key, next);
        Instant keepAfter = now.minus(retention);
        // Charts nobody watches any more are forgotten once their last snapshot is past the retention.
        charts.entrySet().removeIf(e -> {
            boolean forgotten = e.getValue().asOf().isBefore(keepAfter);
            if (forgotten) {
                byId.remove(e.getValue().snapshotId());
                history.remove(e.getKey());
            }
            return forgotten;
        });
        if (previous != null && previous.asOf().isBefore(keepAfter)) {
            // It was kept past its retention only because it was the latest of its chart.
            byId.remove(previous.snapshotId());
        }
        latest = Map.copyOf(charts);
        while (!kept.isEmpty() && kept.peekFirst().snapshot().asOf().isBefore(keepAfter)) {
            Kept old = kept.removeFirst();
            // The latest of a chart stays readable by id while it is the latest (until replaced or forgotten).
            if (latest.get(old.key()) != old.snapshot()) {
                byId.remove(old.snapshot().snapshotId());
            }
        }
        LOG.debug("snapshot {} published: {} items, degraded={}", next.snapshotId(), next.items().size(),
                next.degraded());
        return new Published(next, true);
    }

    /**
     * The snapshot a new one of {@code key} as of {@code asOf} compares its ranks with: the newest at least
     * {@link #referenceAge} older, else (a chart younger than that) its oldest; null for a chart's first snapshot.
     */
    private TrendSnapshot reference(SnapshotKey key, Instant asOf) {
        ArrayDeque<TrendSnapshot> h = history.get(key);
        if (h == null || h.isEmpty()) {
            return null;
        }
        Instant oldEnough = asOf.minus(referenceAge);
        TrendSnapshot found = h.peekFirst();
        for (TrendSnapshot s : h) {
            if (s.asOf().isAfter(oldEnough)) {
                break;
            }
            found = s;
        }
        return found;
    }

    /** Adds {@code next} to its chart's history and drops what can no longer be any later snapshot's reference. */
    private void remember(SnapshotKey key, TrendSnapshot next) {
        ArrayDeque<TrendSnapshot> h = history.computeIfAbsent(key, k -> new ArrayDeque<>());
        h.addLast(next);
        Instant oldEnough = next.asOf().minus(referenceAge);
        // A later snapshot's reference is at least as new as the newest one old enough now.
        while (h.size() >= 2) {
            TrendSnapshot first = h.removeFirst();
            if (h.peekFirst().asOf().isAfter(oldEnough)) {
                h.addFirst(first);
                break;
            }
        }
    }

    /**
     * @param previous  the chart's latest snapshot, whose unchanged parts the new one shares (memory, not meaning)
     * @param reference the snapshot ranks are compared with ({@link #reference})
     */
    private TrendSnapshot build(SnapshotKey key, TrendResult result, TrendSnapshot previous,
                                TrendSnapshot reference) {
        Map<String, Integer> previousRanks = new HashMap<>();
        if (reference != null) {
            reference.items().forEach(i -> previousRanks.put(i.canonical(), i.rank()));
        }
        Map<String, TrendItem> before = new HashMap<>();
        Map<String, Headline> knownHeadlines = new HashMap<>();
        if (previous != null) {
            previous.items().forEach(i -> {
                before.put(i.canonical(), i);
                i.evidence().forEach(h -> knownHeadlines.put(h.id(), h));
            });
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
            TrendItem item = new TrendItem(rank, display.getOrDefault(k.keyword(), k.keyword()), k.keyword(),
                    round3(k.score()), k.count(), round3(k.expected()), prev, Change.of(prev, rank),
                    headlines.getOrDefault(k.keyword(), List.of()));
            items.add(shared(item, before.get(k.keyword()), knownHeadlines));
        }
        BatchCutoff batch = result.views().batch();
        return new TrendSnapshot(newId(key, result.asOf()), result.asOf(), key.window().label(), key.slice().lang(),
                key.slice().source(), result.windowStart(), result.windowEnd(),
                batch == null ? null : batch.version(), batch == null ? null : batch.cutoff(),
                result.degraded(), result.reason(), reference == null ? null : reference.snapshotId(), items.size(),
                items);
    }

    /**
     * {@code item}, made of the previous snapshot's objects where they are equal: the same row, or its strings, its
     * evidence list, or the headlines in it ({@code knownHeadlines}: the previous snapshot's, by id; a keyword's
     * newest three usually differ from the last ones by one). Snapshots refreshed every second are kept for
     * minutes; this keeps each one small.
     */
    private static TrendItem shared(TrendItem item, TrendItem before, Map<String, Headline> knownHeadlines) {
        if (before != null && before.equals(item)) {
            return before;
        }
        List<Headline> evidence = before != null && before.evidence().equals(item.evidence()) ? before.evidence()
                : sharedHeadlines(item.evidence(), knownHeadlines);
        String keyword = before != null && before.keyword().equals(item.keyword()) ? before.keyword()
                : item.keyword();
        String canonical = before != null ? before.canonical() : item.canonical();
        return new TrendItem(item.rank(), keyword, canonical, item.score(), item.count(), item.expected(),
                item.previousRank(), item.change(), evidence);
    }

    private static List<Headline> sharedHeadlines(List<Headline> headlines, Map<String, Headline> known) {
        if (headlines.isEmpty() || known.isEmpty()) {
            return headlines;
        }
        List<Headline> out = new ArrayList<>(headlines.size());
        for (Headline h : headlines) {
            Headline k = known.get(h.id());
            out.add(h.equals(k) ? k : h);
        }
        return out;
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

    private record Kept(SnapshotKey key, TrendSnapshot snapshot) {
    }

    private record Published(TrendSnapshot snapshot, boolean fresh) {
    }
}
