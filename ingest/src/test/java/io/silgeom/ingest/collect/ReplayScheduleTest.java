package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The time-shift and pacing arithmetic of DESIGN.md §8, without files or clocks. */
class ReplayScheduleTest {
    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant T0 = Instant.parse("1987-02-26T15:01:01Z");

    private static ReplayOptions.Builder options() {
        return ReplayOptions.builder(Path.of("x.jsonl"));
    }

    @Test
    void timeShiftNowWithSpeedupMapsT0ToTheStartAndDividesDistancesBySpeedup() {
        ReplaySchedule schedule = new ReplaySchedule(options().speedup(60.0).timeShift(TimeShift.NOW).build(), START, null);

        ReplaySchedule.Slot first = schedule.next(T0, 0);
        ReplaySchedule.Slot second = schedule.next(T0.plus(Duration.ofMinutes(1)), 1);
        ReplaySchedule.Slot third = schedule.next(T0.plus(Duration.ofHours(1)), 2);

        assertThat(first.shiftedTime()).isEqualTo(START);
        assertThat(second.shiftedTime()).isEqualTo(START.plusSeconds(1));
        assertThat(third.shiftedTime()).isEqualTo(START.plusSeconds(60));
        assertThat(third.sendAt()).as("sent when its shifted time comes").isEqualTo(third.shiftedTime());
    }

    @Test
    void timeShiftNowWithoutSpeedupEndsTheFileAtTheStartSoNothingIsInTheFuture() {
        Instant end = T0.plus(Duration.ofDays(2));
        ReplaySchedule schedule = new ReplaySchedule(options().timeShift(TimeShift.NOW).build(), START, end);

        assertThat(schedule.next(T0, 0).shiftedTime()).isEqualTo(START.minus(Duration.ofDays(2)));
        assertThat(schedule.next(end, 1).shiftedTime()).isEqualTo(START);
        assertThat(schedule.next(end, 2).sendAt()).as("as fast as possible").isNull();
    }

    @Test
    void aRateSpacesSendTimesEvenlyAndLeavesEventTimesAloneWithoutAShift() {
        ReplaySchedule schedule = new ReplaySchedule(options().rate(4.0).timeShift(TimeShift.NONE).build(), START, null);

        ReplaySchedule.Slot s0 = schedule.next(T0, 0);
        ReplaySchedule.Slot s3 = schedule.next(T0.plus(Duration.ofDays(30)), 3);

        assertThat(s0.sendAt()).isEqualTo(START);
        assertThat(s3.sendAt()).isEqualTo(START.plusMillis(750));
        assertThat(s3.shiftedTime()).isEqualTo(T0.plus(Duration.ofDays(30)));
    }

    @Test
    void maxGapShortensLongQuietStretchesBeforeShiftingAndPacing() {
        ReplaySchedule schedule = new ReplaySchedule(
                options().speedup(3600.0).maxGap(Duration.ofHours(1)).build(), START, null);

        schedule.next(T0, 0);
        ReplaySchedule.Slot hourLater = schedule.next(T0.plus(Duration.ofHours(1)), 1);
        ReplaySchedule.Slot monthsLater = schedule.next(T0.plus(Duration.ofDays(200)), 2);
        ReplaySchedule.Slot thenTenMinutes = schedule.next(T0.plus(Duration.ofDays(200)).plus(Duration.ofMinutes(10)), 3);

        assertThat(hourLater.shiftedTime()).isEqualTo(START.plusSeconds(1));
        assertThat(monthsLater.shiftedTime()).as("200 days became one hour").isEqualTo(START.plusSeconds(2));
        assertThat(thenTenMinutes.sendAt()).isEqualTo(START.plusSeconds(2).plusNanos(166_666_667));
    }

    @Test
    void anEarlierRecordOutOfOrderKeepsItsDistanceAndIsNotAGap() {
        ReplaySchedule.GapCompressor gaps = new ReplaySchedule.GapCompressor(Duration.ofMinutes(5));

        gaps.compress(T0);
        gaps.compress(T0.plus(Duration.ofHours(1)));              // 55 minutes skipped
        Instant earlier = gaps.compress(T0.plus(Duration.ofMinutes(50)));

        assertThat(earlier).isEqualTo(T0.minus(Duration.ofMinutes(5)));
        assertThat(gaps.latestCompressed()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }
}
