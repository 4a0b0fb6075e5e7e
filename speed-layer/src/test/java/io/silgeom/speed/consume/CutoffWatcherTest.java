package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.view.BatchCutoff;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CutoffWatcherTest {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-02T03:00:00Z"));
    private final AtomicReference<String> published = new AtomicReference<>();
    private final AtomicInteger reads = new AtomicInteger();
    private final CutoffWatcher watcher = new CutoffWatcher(() -> {
        reads.incrementAndGet();
        return published.get();
    }, Duration.ofSeconds(2), clock);

    @Test
    void withNoCutoffPublishedNothingIsLate() {
        watcher.refreshIfDue();
        assertThat(watcher.current()).isEmpty();
        assertThat(watcher.isLate(Instant.parse("2000-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    void anArticleIsLateOnlyStrictlyBeforeTheCutoff() {
        published.set(BatchCutoffJson.encode(cutoff("v7", T)));
        watcher.refreshIfDue();
        // T is exclusive for the batch view: an article at T belongs to the speed view.
        assertThat(watcher.isLate(T.minusMillis(1))).isTrue();
        assertThat(watcher.isLate(T)).isFalse();
        assertThat(watcher.isLate(T.plusSeconds(3600))).isFalse();
    }

    @Test
    void aNewCutoffIsSeenAtTheNextRefreshNotBefore() {
        published.set(BatchCutoffJson.encode(cutoff("v7", T)));
        watcher.refreshIfDue();
        // v8 is published; within the refresh interval the watcher neither reads Redis nor sees it.
        published.set(BatchCutoffJson.encode(cutoff("v8", T.plusSeconds(3600))));
        clock.advance(Duration.ofSeconds(1));
        watcher.refreshIfDue();
        assertThat(reads).hasValue(1);
        assertThat(watcher.isLate(T.plusSeconds(1800))).isFalse();
        // After the interval it reads again and the half hour after T is now late.
        clock.advance(Duration.ofSeconds(1));
        watcher.refreshIfDue();
        assertThat(watcher.current()).map(BatchCutoff::version).hasValue("v8");
        assertThat(watcher.isLate(T.plusSeconds(1800))).isTrue();
    }

    @Test
    void anUnreadableOrMissingCutoffKeepsTheLastOne() {
        published.set(BatchCutoffJson.encode(cutoff("v7", T)));
        watcher.refreshIfDue();
        published.set("{not json");
        clock.advance(Duration.ofSeconds(2));
        watcher.refreshIfDue();
        assertThat(watcher.current()).map(BatchCutoff::version).hasValue("v7");
        published.set(null);
        clock.advance(Duration.ofSeconds(2));
        watcher.refreshIfDue();
        assertThat(watcher.current()).map(BatchCutoff::version).hasValue("v7");
    }

    @Test
    void aFailedReadKeepsTheLastOne() {
        published.set(BatchCutoffJson.encode(cutoff("v7", T)));
        watcher.refreshIfDue();
        CutoffWatcher failing = new CutoffWatcher(() -> {
            throw new IllegalStateException("connection refused");
        }, Duration.ofSeconds(2), clock);
        failing.refreshIfDue();
        assertThat(failing.current()).isEmpty();
        assertThat(watcher.current()).isPresent();
    }

    private static BatchCutoff cutoff(String version, Instant at) {
        return new BatchCutoff(version, at, at.plusSeconds(7200), Map.of("silgeom.articles:0", 42L));
    }
}
