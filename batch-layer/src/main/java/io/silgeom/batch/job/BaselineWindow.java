package io.silgeom.batch.job;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * The hours a baseline averages over: the last {@code days} days before {@code end}, but not before the first
 * archived day (a day before the archive began is unknown, not a day without mentions). Within the window, an hour
 * without a mention counts as 0.
 *
 * @param start first hour of the window (inclusive), on an hour boundary
 * @param end   the cutoff (exclusive), on an hour boundary
 */
public record BaselineWindow(Instant start, Instant end) {
    private static final Duration HOUR = Duration.ofHours(1);

    public BaselineWindow {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.isAfter(end)) {
            throw new IllegalArgumentException("window start " + start + " after its end " + end);
        }
    }

    /** The window of a run with cutoff {@code end}; empty ({@code start == end}) when nothing is archived. */
    public static BaselineWindow of(Instant end, int days, Optional<LocalDate> firstArchivedDay) {
        Instant start = end.minus(Duration.ofDays(days));
        if (firstArchivedDay.isEmpty()) {
            return new BaselineWindow(end, end);
        }
        Instant first = firstArchivedDay.get().atStartOfDay(ZoneOffset.UTC).toInstant();
        if (first.isAfter(start)) {
            start = first.isAfter(end) ? end : first;
        }
        return new BaselineWindow(start, end);
    }

    public boolean contains(Instant hour) {
        return !hour.isBefore(start) && hour.isBefore(end);
    }

    /** How many hours of each hour of day (0-23, UTC) the window holds: the divisor of each mean. */
    public int[] coveredDaysByHourOfDay() {
        int[] days = new int[24];
        for (Instant h = start; h.isBefore(end); h = h.plus(HOUR)) {
            days[hourOfDay(h)]++;
        }
        return days;
    }

    /** Days of history: the most any hour of day is covered. */
    public int days() {
        int max = 0;
        for (int d : coveredDaysByHourOfDay()) {
            max = Math.max(max, d);
        }
        return max;
    }

    public Optional<LocalDate> firstDay() {
        return start.equals(end) ? Optional.empty() : Optional.of(LocalDate.ofInstant(start, ZoneOffset.UTC));
    }

    public Optional<LocalDate> lastDay() {
        return start.equals(end) ? Optional.empty() : Optional.of(LocalDate.ofInstant(end.minus(HOUR), ZoneOffset.UTC));
    }

    static int hourOfDay(Instant hour) {
        return (int) ((hour.getEpochSecond() / 3600) % 24);
    }
}
