package io.silgeom.core.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * UTC time buckets by event time. Both views and the serving layer name buckets with these ids, so
 * a bucket written by the speed layer, one loaded by the batch publisher and one read by the merge are
 * the same string for the same hour.
 *
 * <ul>
 *   <li>hour id: {@code yyyyMMddHH}, e.g. {@code 2024050110} for 10:00–10:59:59 UTC</li>
 *   <li>minute id: {@code yyyyMMddHHmm}</li>
 *   <li>HDFS partitions: {@code dt=yyyy-MM-dd}, {@code hr=HH}</li>
 * </ul>
 */
public final class TimeBuckets {
    private static final DateTimeFormatter HOUR_ID = DateTimeFormatter.ofPattern("yyyyMMddHH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE_ID = DateTimeFormatter.ofPattern("yyyyMMddHHmm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

    private TimeBuckets() {
    }

    public static Instant hourStart(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }

    public static Instant minuteStart(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    public static String hourId(Instant t) {
        return HOUR_ID.format(t);
    }

    public static String minuteId(Instant t) {
        return MINUTE_ID.format(t);
    }

    /** Inverse of {@link #hourId(Instant)}. */
    public static Instant parseHourId(String id) {
        if (id == null || id.length() != 10) {
            throw new IllegalArgumentException("hour id must be yyyyMMddHH, got: " + id);
        }
        return java.time.LocalDateTime.parse(id, DateTimeFormatter.ofPattern("yyyyMMddHH")).toInstant(ZoneOffset.UTC);
    }

    /** HDFS partition value {@code dt=}: the UTC date of the event. */
    public static String datePartition(Instant t) {
        return DT.format(t);
    }

    /** HDFS partition value {@code hr=}: the UTC hour of the event, two digits. */
    public static String hourPartition(Instant t) {
        return HR.format(t);
    }
}
