package io.silgeom.serving.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.redis.Slice;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.PublishedViews;
import io.silgeom.serving.merge.RedisUnavailableException;
import io.silgeom.serving.trend.ScoredKeyword;
import io.silgeom.serving.trend.TrendResult;
import io.silgeom.serving.trend.TrendWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotServiceTest {
    private static final Instant START = Instant.parse("2024-05-02T12:00:00Z");
    private static final PublishedViews VIEWS = new PublishedViews(
            new BatchCutoff("v7", Instant.parse("2024-05-02T00:00:00Z"), START, Map.of()), "g1");

    private final MutableClock clock = new MutableClock(START);
    private final Map<SnapshotKey, List<String>> charts = new HashMap<>();
    private final List<SnapshotKey> computed = new ArrayList<>();
    private boolean redisDown;

    private final SnapshotService service = new SnapshotService(this::compute,
            keys -> Map.of("samsung", "Samsung"), Duration.ofSeconds(10), Duration.ofMinutes(15),
            Duration.ofMinutes(5), clock);

    /** A chart whose keywords rank in list order. */
    private TrendResult compute(TrendWindow window, Slice slice) {
        SnapshotKey key = new SnapshotKey(window, slice);
        computed.add(key);
        if (redisDown) {
            throw new RedisUnavailableException(new RuntimeException("connection refused"));
        }
        List<String> order = charts.getOrDefault(key, List.of());
        List<ScoredKeyword> ranked = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            ranked.add(new ScoredKeyword(order.get(i), 100 - i, 1.23456, 50.0 - i));
        }
        return new TrendResult(clock.instant(), window, slice, clock.instant().minus(window.length()),
                clock.instant(), VIEWS, ranked, false, null);
    }

    @Test
    void ranksMoveAgainstThePreviousSnapshotOfTheSameChart() {
        charts.put(SnapshotKey.DEFAULT, List.of("선거", "samsung", "날씨"));
        TrendSnapshot first = service.refresh(SnapshotKey.DEFAULT);
        // The first chart has nothing to compare with: everything is new. Display forms come from the lookup.
        assertThat(first.items()).extracting(TrendItem::change).containsOnly(Change.NEW);
        assertThat(first.items().get(1).keyword()).isEqualTo("Samsung");
        assertThat(first.items().get(1).canonical()).isEqualTo("samsung");
        assertThat(first.items().get(0).expected()).isEqualTo(1.235);
        assertThat(first.batchVersion()).isEqualTo("v7");

        // Ten seconds later samsung climbs, 선거 falls, 날씨 stays, 손흥민 enters.
        clock.advance(Duration.ofSeconds(10));
        charts.put(SnapshotKey.DEFAULT, List.of("samsung", "선거", "날씨", "손흥민"));
        TrendSnapshot second = service.refresh(SnapshotKey.DEFAULT);

        assertThat(second.items()).extracting(TrendItem::canonical, TrendItem::previousRank, TrendItem::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("samsung", 2, Change.UP),
                        org.assertj.core.groups.Tuple.tuple("선거", 1, Change.DOWN),
                        org.assertj.core.groups.Tuple.tuple("날씨", 3, Change.SAME),
                        org.assertj.core.groups.Tuple.tuple("손흥민", null, Change.NEW));
        assertThat(second.previousSnapshotId()).isEqualTo(first.snapshotId());
        // Another chart's history does not leak into this one.
        SnapshotKey koFiveMinutes = new SnapshotKey(TrendWindow.parse("5m"), new Slice("ko", "all"));
        charts.put(koFiveMinutes, List.of("samsung"));
        assertThat(service.latest(koFiveMinutes).items().get(0).change()).isEqualTo(Change.NEW);
    }

    @Test
    void withARefreshEverySecondRanksMoveAgainstTheChartAboutOneIntervalEarlier() {
        charts.put(SnapshotKey.DEFAULT, List.of("a", "b", "c"));
        TrendSnapshot first = service.refresh(SnapshotKey.DEFAULT);
        assertThat(first.previousSnapshotId()).isNull();

        // One second later b passes a. The chart is younger than three quarters of the 10 s interval, so it is
        // compared with its first snapshot.
        clock.advance(Duration.ofSeconds(1));
        charts.put(SnapshotKey.DEFAULT, List.of("b", "a", "c"));
        TrendSnapshot moved = service.refresh(SnapshotKey.DEFAULT);
        assertThat(moved.items()).extracting(TrendItem::change).containsExactly(Change.UP, Change.DOWN, Change.SAME);
        assertThat(moved.previousSnapshotId()).isEqualTo(first.snapshotId());

        // Refreshed every second since (the speed layer applies all the time), the arrows stay while the move is
        // less than 7.5 s old: a reader polling every few seconds still sees b go up.
        TrendSnapshot s = moved;
        for (int second = 2; second <= 8; second++) {
            clock.advance(Duration.ofSeconds(1));
            s = service.refresh(SnapshotKey.DEFAULT);
            assertThat(s.items()).extracting(TrendItem::change).as("at %d s", second)
                    .containsExactly(Change.UP, Change.DOWN, Change.SAME);
        }
        // Unchanged rows are the previous snapshot's own objects (hundreds of snapshots per chart are kept).
        assertThat(s.items().get(0)).isSameAs(moved.items().get(0));

        // At 9 s the newest snapshot at least 7.5 s older is the one of 1 s, which already had b first.
        clock.advance(Duration.ofSeconds(1));
        TrendSnapshot settled = service.refresh(SnapshotKey.DEFAULT);
        assertThat(settled.previousSnapshotId()).isEqualTo(moved.snapshotId());
        assertThat(service.byId(settled.previousSnapshotId())).contains(moved);
        assertThat(settled.items()).extracting(TrendItem::canonical, TrendItem::previousRank, TrendItem::change)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("b", 1, Change.SAME),
                        org.assertj.core.groups.Tuple.tuple("a", 2, Change.SAME),
                        org.assertj.core.groups.Tuple.tuple("c", 3, Change.SAME));
    }

    @Test
    void aNewSnapshotSharesTheHeadlinesItHasInCommonWithThePreviousOne() {
        List<io.silgeom.serving.signal.Headline> newest = new ArrayList<>();
        EvidenceSource evidence = (generation, from, to, keywords) -> Map.of("storm", List.copyOf(newest.stream()
                .map(h -> new io.silgeom.serving.signal.Headline(h.id(), h.title(), h.url(), h.site(), h.publishedAt()))
                .toList()));
        SnapshotService withEvidence = new SnapshotService(this::compute, keys -> Map.of(), evidence,
                ViewProgress.NONE, RefreshSchedule.every(Duration.ofSeconds(10)), Duration.ofMinutes(15),
                Duration.ofMinutes(5), clock);
        charts.put(SnapshotKey.DEFAULT, List.of("storm"));
        newest.add(headline("h2"));
        newest.add(headline("h1"));
        TrendSnapshot first = withEvidence.refresh(SnapshotKey.DEFAULT);

        // A new headline arrives: the item changes, but the two older headlines are the same objects as before
        // (the evidence source parses new ones on every refresh).
        newest.add(0, headline("h3"));
        clock.advance(Duration.ofSeconds(1));
        TrendSnapshot second = withEvidence.refresh(SnapshotKey.DEFAULT);
        List<io.silgeom.serving.signal.Headline> before = first.items().get(0).evidence();
        List<io.silgeom.serving.signal.Headline> after = second.items().get(0).evidence();
        assertThat(after).extracting(io.silgeom.serving.signal.Headline::id).containsExactly("h3", "h2", "h1");
        assertThat(after.get(1)).isSameAs(before.get(0));
        assertThat(after.get(2)).isSameAs(before.get(1));

        // Nothing new: the same list.
        clock.advance(Duration.ofSeconds(1));
        assertThat(withEvidence.refresh(SnapshotKey.DEFAULT).items().get(0).evidence()).isSameAs(after);
    }

    private static io.silgeom.serving.signal.Headline headline(String id) {
        return new io.silgeom.serving.signal.Headline(id, "Storm " + id, "https://example.com/" + id, "example.com",
                START.minusSeconds(60));
    }

    @Test
    void withARefreshEverySecondEverySnapshotIsKeptForTheRetentionAndNoLonger() {
        charts.put(SnapshotKey.DEFAULT, List.of("a", "b"));
        List<TrendSnapshot> all = new ArrayList<>();
        // 20 minutes of a refresh a second, the chart changing every time.
        for (int second = 0; second < 1_200; second++) {
            charts.put(SnapshotKey.DEFAULT, second % 2 == 0 ? List.of("a", "b") : List.of("b", "a"));
            clock.advance(Duration.ofSeconds(1));
            all.add(service.refresh(SnapshotKey.DEFAULT));
        }
        // Retention is counted from the last refresh, the last time the service looked at the clock.
        Instant now = clock.instant();
        assertThat(all).map(TrendSnapshot::snapshotId).doesNotHaveDuplicates();
        for (TrendSnapshot snapshot : all) {
            boolean withinRetention = !snapshot.asOf().isBefore(now.minus(Duration.ofMinutes(15)));
            assertThat(service.byId(snapshot.snapshotId())).as(snapshot.snapshotId())
                    .isEqualTo(withinRetention ? java.util.Optional.of(snapshot) : java.util.Optional.empty());
        }
    }

    @Test
    void aSnapshotStaysReadableByIdForTheRetentionThenGoes() {
        charts.put(SnapshotKey.DEFAULT, List.of("a", "b"));
        TrendSnapshot old = service.refresh(SnapshotKey.DEFAULT);

        // Newer snapshots replace it as the latest, but its id still answers the same chart for 15 minutes.
        clock.advance(Duration.ofMinutes(14));
        charts.put(SnapshotKey.DEFAULT, List.of("b", "a"));
        service.refresh(SnapshotKey.DEFAULT);
        assertThat(service.byId(old.snapshotId())).contains(old);

        clock.advance(Duration.ofMinutes(2));
        TrendSnapshot latest = service.refresh(SnapshotKey.DEFAULT);
        assertThat(service.byId(old.snapshotId())).isEmpty();
        assertThat(service.byId(latest.snapshotId())).contains(latest);
        assertThat(latest.page(1, 5).items()).extracting(TrendItem::canonical).containsExactly("a");
    }

    @Test
    void onlyTheDefaultAndRecentlyRequestedChartsAreRefreshed() {
        SnapshotKey sixHoursKo = new SnapshotKey(TrendWindow.parse("6h"), new Slice("ko", "all"));
        service.latest(sixHoursKo);          // computed on demand, then followed
        computed.clear();

        service.refreshDue();
        assertThat(computed).containsExactlyInAnyOrder(SnapshotKey.DEFAULT, sixHoursKo);

        // Nobody asks for 6h/ko for longer than the idle time: it is no longer refreshed.
        clock.advance(Duration.ofMinutes(6));
        computed.clear();
        service.refreshDue();
        assertThat(computed).containsExactly(SnapshotKey.DEFAULT);
    }

    @Test
    void whenRedisIsDownThePreviousSnapshotStaysAndTheFailureIsReported() {
        charts.put(SnapshotKey.DEFAULT, List.of("a"));
        TrendSnapshot before = service.refresh(SnapshotKey.DEFAULT);

        redisDown = true;
        clock.advance(Duration.ofSeconds(10));
        List<TrendSnapshot> streamed = new ArrayList<>();
        service.addListener(streamed::add);
        assertThat(service.refresh(SnapshotKey.DEFAULT)).isEqualTo(before);
        assertThat(service.lastFailure()).hasValueSatisfying(f -> assertThat(f).contains("connection refused"));
        assertThat(streamed).isEmpty();

        // A chart never computed before has no previous one: it is published empty and degraded, never made up.
        SnapshotKey other = new SnapshotKey(TrendWindow.parse("24h"), Slice.TOTAL);
        TrendSnapshot empty = service.latest(other);
        assertThat(empty.degraded()).isTrue();
        assertThat(empty.items()).isEmpty();

        redisDown = false;
        clock.advance(Duration.ofSeconds(10));
        TrendSnapshot after = service.refresh(SnapshotKey.DEFAULT);
        assertThat(service.lastFailure()).isEmpty();
        assertThat(streamed).containsExactly(after);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
