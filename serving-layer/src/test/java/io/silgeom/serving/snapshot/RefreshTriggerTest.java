package io.silgeom.serving.snapshot;

import static io.silgeom.serving.snapshot.RefreshTrigger.Decision.CHANGED;
import static io.silgeom.serving.snapshot.RefreshTrigger.Decision.FIRST;
import static io.silgeom.serving.snapshot.RefreshTrigger.Decision.INTERVAL;
import static io.silgeom.serving.snapshot.RefreshTrigger.Decision.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The trigger driven by a fake monotonic clock: times are milliseconds since an arbitrary origin. */
class RefreshTriggerTest {
    private static final RefreshSchedule DEFAULTS = new RefreshSchedule(Duration.ofSeconds(10), Duration.ofSeconds(1),
            0.25, Duration.ofMillis(200));

    private final RefreshTrigger trigger = new RefreshTrigger(DEFAULTS);

    @Test
    void aChangeBringsTheNextRefreshOneGapAfterTheLastEndedAndTheIntervalStaysTheLongestWait() {
        // Nothing refreshed yet: refresh at once, whatever the progress.
        assertThat(trigger.decide(ms(0), null)).isEqualTo(FIRST);
        trigger.refreshed(ms(0), ms(100), "offsets 5");

        // The views do not move: no refresh until ten seconds after the last one started.
        assertThat(trigger.decide(ms(5_000), "offsets 5")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(9_999), "offsets 5")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(10_000), "offsets 5")).isEqualTo(INTERVAL);
        trigger.refreshed(ms(10_000), ms(10_100), "offsets 5");

        // The speed layer applies at 10.3 s: the refresh waits for the gap (1 s after the last ended at 10.1 s).
        assertThat(trigger.decide(ms(10_300), "offsets 9")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(11_099), "offsets 9")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(11_100), "offsets 9")).isEqualTo(CHANGED);
        trigger.refreshed(ms(11_100), ms(11_200), "offsets 9");

        // Without a further change the next one is due ten seconds after that start, not after the timer's 20 s.
        assertThat(trigger.decide(ms(20_000), "offsets 9")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(21_100), "offsets 9")).isEqualTo(INTERVAL);
    }

    @Test
    void aSlowRefreshIsFollowedByAPauseThatKeepsTheRefresherBusyAQuarterOfTheTime() {
        trigger.refreshed(ms(0), ms(2_000), "a");
        // Two seconds of refresh (hundreds of thousands of keywords): a change waits six more, not one, so the
        // refresher is busy at most a quarter of the time, and the interval comes first anyway.
        assertThat(trigger.decide(ms(3_000), "b")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(7_999), "b")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(8_000), "b")).isEqualTo(CHANGED);

        // A refresh longer than the interval: the interval is due at once by its start, but the minimum gap still
        // comes first, so two refreshes never run back to back.
        trigger.refreshed(ms(8_000), ms(20_000), "b");
        assertThat(trigger.decide(ms(20_000), "b")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(20_999), "b")).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(21_000), "b")).isEqualTo(INTERVAL);

        // Allowed to be busy all the time, a change waits only the minimum gap, whatever the refresh cost.
        RefreshTrigger eager = new RefreshTrigger(new RefreshSchedule(Duration.ofSeconds(10), Duration.ofSeconds(1),
                1.0, Duration.ofMillis(200)));
        eager.refreshed(ms(0), ms(2_000), "a");
        assertThat(eager.decide(ms(2_999), "b")).isEqualTo(WAIT);
        assertThat(eager.decide(ms(3_000), "b")).isEqualTo(CHANGED);
    }

    @Test
    void aChangeDuringARefreshBringsTheNextOne() {
        // The refresh started from "a"; the views moved to "b" while it ran: its snapshot may not hold "b".
        trigger.refreshed(ms(0), ms(300), "a");
        assertThat(trigger.decide(ms(1_300), "b")).isEqualTo(CHANGED);
        trigger.refreshed(ms(1_300), ms(1_400), "b");
        assertThat(trigger.decide(ms(3_000), "b")).isEqualTo(WAIT);
    }

    @Test
    void anUnreadableProgressIsNeverAChange() {
        trigger.refreshed(ms(0), ms(100), "a");
        // Redis did not answer the watch: only the interval refreshes.
        assertThat(trigger.decide(ms(5_000), null)).isEqualTo(WAIT);
        assertThat(trigger.decide(ms(10_000), null)).isEqualTo(INTERVAL);
        trigger.refreshed(ms(10_000), ms(10_100), null);
        // Readable again after a refresh that started from an unknown progress: that refresh may be stale.
        assertThat(trigger.decide(ms(11_100), "a")).isEqualTo(CHANGED);
    }

    @Test
    void aGapAtOrAboveTheIntervalTurnsTheWatchOff() {
        RefreshTrigger timerOnly = new RefreshTrigger(RefreshSchedule.every(Duration.ofSeconds(10)));
        assertThat(RefreshSchedule.every(Duration.ofSeconds(10)).followsChanges()).isFalse();
        assertThat(DEFAULTS.followsChanges()).isTrue();
        timerOnly.refreshed(ms(0), ms(100), "a");
        assertThat(timerOnly.decide(ms(9_999), "b")).isEqualTo(WAIT);
        assertThat(timerOnly.decide(ms(10_000), "b")).isEqualTo(INTERVAL);
    }

    @Test
    void badSchedulesAndTimesAreRefused() {
        assertThatThrownBy(() -> new RefreshSchedule(Duration.ZERO, Duration.ofSeconds(1), 0.25,
                Duration.ofMillis(200))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> new RefreshSchedule(Duration.ofSeconds(10), Duration.ofSeconds(-1), 0.25,
                Duration.ofMillis(200))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minGap");
        assertThatThrownBy(() -> new RefreshSchedule(Duration.ofSeconds(10), Duration.ofSeconds(1), 0.0,
                Duration.ofMillis(200))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBusy");
        assertThatThrownBy(() -> trigger.refreshed(ms(10), ms(5), "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("end before it starts");
    }

    /**
     * Monotonic nanoseconds that overflow 5 s in, as {@link System#nanoTime()} may: the trigger must only ever
     * compare differences.
     */
    private static long ms(long millis) {
        return Long.MAX_VALUE - 5_000_000_000L + millis * 1_000_000L;
    }
}
