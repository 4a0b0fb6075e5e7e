package io.silgeom.serving.trend;

import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.serving.merge.MergedView;
import io.silgeom.serving.merge.PublishedViews;
import io.silgeom.serving.merge.RangeCounts;
import io.silgeom.serving.signal.KeywordSignals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores keywords by how far their count in the last window {@code W} rises above what their past predicts.
 *
 * <pre>
 *   current  = merged count over the last W (minute buckets for W &lt;= 6h, else hour buckets; the current,
 *              still filling bucket included)
 *   expected = seasonal, when the published batch version has a baseline for the keyword: the sum over the
 *              window's hours of the keyword's expected count at that hour of day (the mean of the same hour over
 *              the last days, batch.baseline.days), times the share of each hour the window covers;
 *              otherwise the recent average (history too short, or a new keyword):
 *              merged count over the B baseline hours that end where the window's first hour starts, times W / B,
 *              where B counts only the baseline hours in which some candidate keyword appears
 *   baseline = max(serving.trend.baseline.hours, the hours W spans): a window longer than the configured baseline
 *              (e.g. 3d against 24h) is compared with a baseline as long as itself, never with a shorter one
 *   score    = (current - expected) / sqrt(expected + 1)
 * </pre>
 *
 * A keyword enters the chart only when {@code current >= minCount}, it is not on the blocklist, and (when the
 * window reaches hours of the speed view, which counts them) at least {@code minVoices} distinct sites or social
 * authors mentioned it: one site or one account repeating a word cannot chart it. On a cold start (no history at
 * all) expected is 0, the prior, and the score is the count over 1. Ranking is score desc, then count desc, then
 * keyword asc, so two computations over the same counts give the same chart. The {@code + 1} keeps a keyword with an
 * empty baseline finite and damps tiny counts: 3 new articles score 3, 300 score 300.
 *
 * <p>NOTE: the baseline is read from hour buckets and ends at the hour boundary at or before the window start, so it
 * never overlaps the window; for a minute window that leaves up to 59 minutes between the two counted in neither.
 */
public final class TrendScorer {
    private static final Logger LOG = LoggerFactory.getLogger(TrendScorer.class);
    private final MergedView view;
    private final int baselineHours;
    private final int minCount;
    private final Clock clock;
    private final ChartRules rules;
    private final KeywordSignals signals;   // null: no voices rule, no seasonal baselines (unit tests)
    /** Candidates read in the first chunk at least; the chunks double after it. */
    static final int FIRST_CHUNK = 1024;
    /** Candidates looked up at once when settling whether a baseline hour is active. */
    static final int SETTLE_CHUNK = 10_000;

    /** Counts only: no blocklist, voices or seasonal baselines. */
    public TrendScorer(MergedView view, int baselineHours, int minCount, Clock clock) {
        this(view, baselineHours, minCount, clock, ChartRules.NONE, null);
    }

    public TrendScorer(MergedView view, int baselineHours, int minCount, Clock clock, ChartRules rules,
                       KeywordSignals signals) {
        this.view = Objects.requireNonNull(view, "view");
        if (baselineHours < 1) {
            throw new IllegalArgumentException("baselineHours must be at least 1, got: " + baselineHours);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got: " + minCount);
        }
        this.baselineHours = baselineHours;
        this.minCount = minCount;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.signals = signals;
    }

    /**
     * The whole chart: every keyword that qualifies, ranked.
     *
     * @throws io.silgeom.serving.merge.RedisUnavailableException when the views cannot be read at all
     */
    public TrendResult score(TrendWindow window, Slice slice) {
        return score(window, slice, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} keywords of the chart {@link #score(TrendWindow, Slice)} ranks, the same ones with the
     * same scores, for much less reading when many keywords qualify.
     *
     * <p>Reads the views once, then the window's counts, then the signals and baselines of the candidates (count at
     * least {@code minCount}, not blocked) in chunks, highest counts first, chunk sizes doubling. A keyword's score is
     * at most its count, since its expected count is never negative ({@code (c - e) / sqrt(e + 1) <= c}); so once
     * {@code limit} keywords are scored and the next candidate's count is below the {@code limit}-th best score, no
     * candidate left can enter, and the rest are never read. With a long tail of rare keywords, that is nearly all of
     * them: 1M distinct keywords cost what the few thousand most counted do.
     *
     * <p>The recent average depends on every candidate (an hour counts towards {@code B} when any candidate that keeps
     * its voices appears in it). Hours the first chunk already shows active are settled; each other hour is settled
     * by its size (an empty bucket is inactive) or, failing that, by looking up the candidates not read yet in that
     * hour alone, stopping at the first that appears: rarely needed, since the most counted keywords appear in
     * almost every hour of a live system.
     *
     * @throws io.silgeom.serving.merge.RedisUnavailableException when the views cannot be read at all
     */
    public TrendResult score(TrendWindow window, Slice slice, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got: " + limit);
        }
        long startNanos = System.nanoTime();
        Instant asOf = clock.instant();
        PublishedViews views = view.published();
        Instant end;
        RangeCounts current;
        if (window.usesMinuteBuckets()) {
            end = TimeBuckets.minuteStart(asOf).plus(Duration.ofMinutes(1));
            current = view.minuteTotals(views, slice, end.minus(window.length()), end);
        } else {
            end = TimeBuckets.hourStart(asOf).plus(Duration.ofHours(1));
            current = view.hourTotals(views, slice, end.minus(window.length()), end);
        }
        Instant start = end.minus(window.length());
        long readNanos = System.nanoTime();
        List<String> candidates = byCountDesc(current.counts());
        // NOTE: the baseline is read hour by hour so that hours in which none of the candidates appears at all
        // (before the system had data, or an outage) do not count as evidence of "expected zero": a fresh install
        // with 3 hours of history would otherwise expect an eighth of the usual count and call everything rising.
        // A baseline shorter than the window would make the expected count an extrapolation of less history than
        // the window itself holds; the baseline stretches to the window's length instead (2 x 7d at most).
        Baseline baseline = new Baseline(views, slice, TimeBuckets.hourStart(start), baselineHoursFor(baselineHours, window));
        List<ScoredKeyword> scored = new ArrayList<>();
        int next = 0;
        long chunk = Math.max(FIRST_CHUNK, 4L * limit);
        while (next < candidates.size()) {
            int until = (int) Math.min(candidates.size(), next + chunk);
            if (scored.size() >= limit) {
                scored.sort(ORDER);
                scored.subList(limit, scored.size()).clear();
                double threshold = scored.get(limit - 1).score();
                if (current.count(candidates.get(next)) < threshold) {
                    break;
                }
                // Every candidate counted at least the threshold must be read anyway (a tie at the top can be
                // thousands of keywords): one chunk reads exactly them, not a doubling that overshoots.
                until = next;
                while (until < candidates.size() && current.count(candidates.get(until)) >= threshold) {
                    until++;
                }
            }
            List<String> part = candidates.subList(next, until);
            next += part.size();
            chunk *= 2;
            List<String> eligible = withVoices(views, start, end, part);
            if (eligible.isEmpty()) {
                continue;
            }
            Map<String, Double> seasonal = signals == null ? Map.of()
                    : signals.seasonalExpected(views, slice, start, end, eligible);
            Map<String, Long> totals = baseline.read(eligible);
            if (!baseline.settled()) {
                baseline.settle(rest -> withVoices(views, start, end, rest), candidates.subList(next, candidates.size()));
            }
            for (String k : eligible) {
                Double fromBaselines = seasonal.get(k);
                long count = current.count(k);
                double expected = fromBaselines != null ? fromBaselines
                        : expected(totals.getOrDefault(k, 0L), window.length(), Math.max(1, baseline.activeHours()));
                scored.add(new ScoredKeyword(k, count, expected, score(count, expected)));
            }
        }
        String baselineReason = baseline.reason();
        scored.sort(ORDER);
        LOG.debug("trend {} {}: {} keywords in the window read in {} ms, {} candidates, {} scored in {} ms", window,
                slice, current.counts().size(), (readNanos - startNanos) / 1_000_000, candidates.size(), next,
                (System.nanoTime() - readNanos) / 1_000_000);
        List<ScoredKeyword> ranked = scored.size() > limit ? scored.subList(0, limit) : scored;
        List<String> reasons = new ArrayList<>(2);
        if (current.degraded()) {
            reasons.add("window: " + current.reason());
        }
        if (baselineReason != null) {
            reasons.add("baseline: " + baselineReason);
        }
        return new TrendResult(asOf, window, slice, start, end, views, ranked, !reasons.isEmpty(),
                reasons.isEmpty() ? null : String.join("; ", reasons));
    }

    /** Candidates (count at least the minimum, not blocked), most counted first. */
    private List<String> byCountDesc(Map<String, Long> counts) {
        // NOTE: grouped by count rather than sorted: counts take few distinct values, and the order within one count
        // does not matter (every keyword of a count is read before any of a lower count).
        TreeMap<Long, List<String>> byCount = new TreeMap<>(Comparator.reverseOrder());
        counts.forEach((keyword, count) -> {
            if (count >= minCount && rules.mayChart(keyword)) {
                byCount.computeIfAbsent(count, c -> new ArrayList<>()).add(keyword);
            }
        });
        List<String> out = new ArrayList<>();
        byCount.values().forEach(out::addAll);
        return out;
    }

    /** The keywords of {@code part} that at least {@code minVoices} voices mentioned, when voices are known. */
    private List<String> withVoices(PublishedViews views, Instant start, Instant end, List<String> part) {
        if (signals == null || part.isEmpty()) {
            return part;
        }
        Optional<Map<String, Long>> voices = signals.voices(views, start, end, part);
        if (voices.isEmpty()) {
            return part;
        }
        Map<String, Long> v = voices.get();
        return part.stream().filter(k -> v.getOrDefault(k, 0L) >= rules.minVoices()).toList();
    }

    /** The baseline hours of one computation: which are active, and the first degraded read's reason. */
    private final class Baseline {
        private final PublishedViews views;
        private final Slice slice;
        private final List<Instant> hours = new ArrayList<>();
        private final boolean[] active;
        private boolean settled;
        private boolean read;
        private String reason;

        Baseline(PublishedViews views, Slice slice, Instant end, int count) {
            this.views = views;
            this.slice = slice;
            for (Instant h = end.minus(Duration.ofHours(count)); h.isBefore(end); h = h.plus(Duration.ofHours(1))) {
                hours.add(h);
            }
            this.active = new boolean[hours.size()];
        }

        /** Baseline totals of {@code keywords}; marks the hours they appear in active. */
        Map<String, Long> read(List<String> keywords) {
            Map<String, Long> totals = new HashMap<>();
            List<RangeCounts> perHour = view.hourCountsPerHour(views, slice, hours.get(0),
                    hours.get(hours.size() - 1).plus(Duration.ofHours(1)), keywords);
            for (int i = 0; i < hours.size(); i++) {
                RangeCounts hour = perHour.get(i);
                note(hour);
                if (hour.counts().values().stream().anyMatch(c -> c > 0)) {
                    active[i] = true;
                    hour.counts().forEach((k, c) -> totals.merge(k, c, Long::sum));
                }
            }
            read = true;
            return totals;
        }

        /** Settles the hours no keyword read so far appears in, against {@code rest}, the candidates not read yet. */
        void settle(Function<List<String>, List<String>> withVoices, List<String> rest) {
            for (int i = 0; i < hours.size(); i++) {
                Instant h = hours.get(i);
                if (active[i] || !view.hourHasCounts(views, slice, h)) {
                    continue;
                }
                for (int from = 0; from < rest.size() && !active[i]; from += SETTLE_CHUNK) {
                    List<String> part = rest.subList(from, Math.min(rest.size(), from + SETTLE_CHUNK));
                    RangeCounts hour = view.hourCounts(views, slice, h, h.plus(Duration.ofHours(1)), part);
                    List<String> present = part.stream().filter(k -> hour.count(k) > 0).toList();
                    active[i] = !withVoices.apply(present).isEmpty();
                }
            }
            settled = true;
        }

        boolean settled() {
            return settled;
        }

        int activeHours() {
            int n = 0;
            for (boolean a : active) {
                n += a ? 1 : 0;
            }
            return n;
        }

        /** The first degraded hour's reason; with no keyword read at all, what reading none would have said. */
        String reason() {
            if (!read) {
                for (Instant h : hours) {
                    note(view.hourCounts(views, slice, h, h.plus(Duration.ofHours(1)), List.of()));
                }
            }
            return reason;
        }

        private void note(RangeCounts hour) {
            if (hour.degraded() && reason == null) {
                reason = hour.reason();
            }
        }
    }

    /** Baseline hours read for {@code window}: the configured hours, or the hours the window spans when longer. */
    public static int baselineHoursFor(int configuredHours, TrendWindow window) {
        return Math.max(configuredHours, window.hoursSpanned());
    }

    /**
     * The pure part: scores and ranks.
     *
     * @param current        count per keyword in the window
     * @param baselineTotals count per keyword summed over the {@code baselineHours} baseline hours (absent = 0)
     */
    public static List<ScoredKeyword> rank(Map<String, Long> current, Map<String, Long> baselineTotals,
                                           Duration window, int baselineHours, int minCount) {
        return rank(current, baselineTotals, Map.of(), window, baselineHours, minCount);
    }

    /**
     * @param seasonal expected count per window from the batch baselines; a keyword in it ignores its recent average
     */
    public static List<ScoredKeyword> rank(Map<String, Long> current, Map<String, Long> baselineTotals,
                                           Map<String, Double> seasonal, Duration window, int baselineHours,
                                           int minCount) {
        List<ScoredKeyword> out = new ArrayList<>();
        current.forEach((keyword, count) -> {
            if (count >= minCount) {
                Double fromBaselines = seasonal.get(keyword);
                double expected = fromBaselines != null ? fromBaselines
                        : expected(baselineTotals.getOrDefault(keyword, 0L), window, baselineHours);
                out.add(new ScoredKeyword(keyword, count, expected, score(count, expected)));
            }
        });
        out.sort(ORDER);
        return out;
    }

    /** Average count per window over the baseline: {@code total * W / B}. */
    public static double expected(long baselineTotal, Duration window, int baselineHours) {
        return baselineTotal * (window.toSeconds() / (baselineHours * 3600.0));
    }

    public static double score(long current, double expected) {
        return (current - expected) / Math.sqrt(expected + 1);
    }

    /** Score desc, then count desc, then keyword asc. */
    public static final Comparator<ScoredKeyword> ORDER = Comparator
            .comparingDouble(ScoredKeyword::score).reversed()
            .thenComparing(Comparator.comparingLong(ScoredKeyword::count).reversed())
            .thenComparing(ScoredKeyword::keyword);
}
