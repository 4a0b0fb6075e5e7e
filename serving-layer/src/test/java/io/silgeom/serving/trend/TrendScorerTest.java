package io.silgeom.serving.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrendScorerTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void expectedIsTheBaselineAveragePerWindow() {
        // 48 articles over a 24-hour baseline: 2 per hour, 1/6 per 5 minutes, 48 per day.
        assertThat(TrendScorer.expected(48, HOUR, 24)).isEqualTo(2.0);
        assertThat(TrendScorer.expected(48, Duration.ofMinutes(5), 24)).isCloseTo(1.0 / 6, within(1e-12));
        assertThat(TrendScorer.expected(48, Duration.ofHours(24), 24)).isEqualTo(48.0);
        assertThat(TrendScorer.expected(0, HOUR, 24)).isZero();
    }

    @Test
    void scoreIsTheRiseOverTheSquareRootOfExpectedPlusOne() {
        assertThat(TrendScorer.score(10, 3.0)).isEqualTo(3.5);          // (10 - 3) / sqrt(4)
        assertThat(TrendScorer.score(3, 0.0)).isEqualTo(3.0);           // a new keyword: its count
        assertThat(TrendScorer.score(2, 8.0)).isCloseTo(-2.0, within(1e-12)); // falling: negative
    }

    @Test
    void keepsOnlyKeywordsWithAtLeastMinCountAndRanksByScore() {
        // 선거 rises from 1/h to 10; 날씨 is steady at 20/h; 오타 appears twice (below min count 3).
        Map<String, Long> current = Map.of("선거", 10L, "날씨", 20L, "오타", 2L);
        Map<String, Long> baseline = Map.of("선거", 24L, "날씨", 480L, "오타", 0L);

        List<ScoredKeyword> ranked = TrendScorer.rank(current, baseline, HOUR, 24, 3);

        assertThat(ranked).extracting(ScoredKeyword::keyword).containsExactly("선거", "날씨");
        assertThat(ranked.get(0).expected()).isEqualTo(1.0);
        assertThat(ranked.get(0).score()).isCloseTo(9 / Math.sqrt(2), within(1e-12));
        assertThat(ranked.get(1).score()).isZero();
    }

    @Test
    void tiesBreakByCountThenKeywordSoTheChartIsDeterministic() {
        // a, b: count 3, no baseline -> score 3; equal counts, so keyword order decides.
        // c: count 7, expected 3 -> (7 - 3) / 2 = 2, ties with e and f (count 2, no baseline) and wins on count.
        Map<String, Long> current = Map.of("f", 2L, "e", 2L, "c", 7L, "b", 3L, "a", 3L);
        Map<String, Long> baseline = Map.of("c", 72L);

        List<ScoredKeyword> ranked = TrendScorer.rank(current, baseline, HOUR, 24, 2);

        assertThat(ranked).extracting(ScoredKeyword::keyword).containsExactly("a", "b", "c", "e", "f");
        assertThat(ranked).extracting(ScoredKeyword::score).containsExactly(3.0, 3.0, 2.0, 2.0, 2.0);
    }

    @Test
    void aWindowLongerThanTheConfiguredBaselineIsComparedWithABaselineAsLongAsItself() {
        assertThat(TrendScorer.baselineHoursFor(24, TrendWindow.parse("1h"))).isEqualTo(24);
        assertThat(TrendScorer.baselineHoursFor(24, TrendWindow.parse("24h"))).isEqualTo(24);
        assertThat(TrendScorer.baselineHoursFor(24, TrendWindow.parse("P3D"))).isEqualTo(72);
        assertThat(TrendScorer.baselineHoursFor(24, TrendWindow.parse("7d"))).isEqualTo(168);
        assertThat(TrendScorer.baselineHoursFor(48, TrendWindow.parse("36h"))).isEqualTo(48);
        // 7 days of baseline for a 7-day window: expected is the baseline's total, scaled 1:1.
        assertThat(TrendScorer.expected(700, Duration.ofDays(7), 168)).isEqualTo(700.0);
    }
}
