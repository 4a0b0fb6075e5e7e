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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
    private final MergedView view;
    private final int baselineHours;
    private final int minCount;
    private final Clock clock;
    private final ChartRules rules;
    private final KeywordSignals signals;   // null: no voices rule, no seasonal baselines (unit tests)

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
     * Reads the views once, then the window's counts, then the baselines of the keywords that qualify.
     *
     * @throws io.silgeom.serving.merge.RedisUnavailableException when the views cannot be read at all
     */
    public TrendResult score(TrendWindow window, Slice slice) {
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
        Set<String> candidates = current.counts().entrySet().stream()
                .filter(e -> e.getValue() >= minCount && rules.mayChart(e.getKey()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(HashSet::new));
        Map<String, Double> seasonal = Map.of();
        if (signals != null) {
            Optional<Map<String, Long>> voices = signals.voices(views, start, end, candidates);
            voices.ifPresent(v -> candidates.removeIf(k -> v.getOrDefault(k, 0L) < rules.minVoices()));
            seasonal = signals.seasonalExpected(views, slice, start, end, candidates);
        }
        Instant baselineEnd = TimeBuckets.hourStart(start);
        // NOTE: the baseline is read hour by hour so that hours in which none of the candidates appears at all
        // (before the system had data, or an outage) do not count as evidence of "expected zero": a fresh install
        // with 3 hours of history would otherwise expect an eighth of the usual count and call everything rising.
        Map<String, Long> baselineTotals = new HashMap<>();
        int activeHours = 0;
        String baselineReason = null;
        // A baseline shorter than the window would make the expected count an extrapolation of less history than
        // the window itself holds; the baseline stretches to the window's length instead (2 x 7d at most).
        int hours = baselineHoursFor(baselineHours, window);
        for (Instant h = baselineEnd.minus(Duration.ofHours(hours)); h.isBefore(baselineEnd);
                h = h.plus(Duration.ofHours(1))) {
            RangeCounts hour = view.hourCounts(views, slice, h, h.plus(Duration.ofHours(1)), candidates);
            if (hour.degraded() && baselineReason == null) {
                baselineReason = hour.reason();
            }
            if (hour.counts().values().stream().anyMatch(c -> c > 0)) {
                activeHours++;
                hour.counts().forEach((k, c) -> baselineTotals.merge(k, c, Long::sum));
            }
        }
        Map<String, Long> eligible = new HashMap<>();
        candidates.forEach(k -> eligible.put(k, current.counts().get(k)));
        List<ScoredKeyword> ranked = rank(eligible, baselineTotals, seasonal, window.length(), Math.max(1, activeHours),
                minCount);
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
