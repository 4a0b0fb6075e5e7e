package io.silgeom.ingest.collect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the event times found in real files. A time without a zone is taken as UTC: the datasets Silgeom
 * replays state their times in UTC or in a newswire's local time that has no zone to recover (Reuters-21578
 * {@code 1987-02-26T15:01:01}), and UTC keeps the replay deterministic.
 *
 * <ul>
 *   <li>ISO-8601 with an offset or zone: {@code 2012-10-28T00:00:03Z}, {@code 2024-05-01T09:00:00+09:00}</li>
 *   <li>ISO-8601 local date-time: {@code 1987-02-26T15:01:01} (UTC)</li>
 *   <li>{@code yyyy-MM-dd HH:mm:ss[.fraction][offset]} (UTC when no offset)</li>
 *   <li>a date alone, {@code yyyy-MM-dd}: midnight UTC</li>
 *   <li>epoch numbers: below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds, else
 *       nanoseconds (so a millisecond value after March 1973 is never read as seconds); a fraction is allowed</li>
 *   <li>RFC 1123 ({@code Tue, 3 Jun 2008 11:05:30 GMT}, RSS) and the X/Twitter v1 form
 *       ({@code Wed Oct 10 20:19:24 +0000 2018})</li>
 * </ul>
 */
public final class EventTimeParser {
    private static final Pattern EPOCH = Pattern.compile("\\d{1,19}(\\.\\d+)?");
    private static final Pattern SPACE_SEPARATED = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:.*");
    /** {@code +0900} at the end, which ISO-8601 parsing wants as {@code +09:00}. */
    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final Pattern DATE_ONLY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter TWITTER = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ENGLISH);
    private static final BigDecimal SECONDS_LIMIT = BigDecimal.valueOf(100_000_000_000L);
    private static final BigDecimal MILLIS_LIMIT = SECONDS_LIMIT.movePointRight(3);
    private static final BigDecimal MICROS_LIMIT = SECONDS_LIMIT.movePointRight(6);

    private EventTimeParser() {
    }

    /**
     * @throws DateTimeException when the text is none of the forms above; the message quotes it
     */
    public static Instant parse(String text) {
        String t = text.trim();
        try {
            if (EPOCH.matcher(t).matches()) {
                return fromEpoch(new BigDecimal(t));
            }
            if (DATE_ONLY.matcher(t).matches()) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (SPACE_SEPARATED.matcher(t).matches()) {
                t = t.substring(0, 10) + 'T' + t.substring(11).replace(" ", "");
            }
            if (t.length() > 10 && Character.isDigit(t.charAt(0)) && t.charAt(10) == 'T') {
                return fromIso(COMPACT_OFFSET.matcher(t).replaceFirst("$1:$2"));
            }
            if (t.indexOf(',') == 3) {
                return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            }
            return ZonedDateTime.parse(t, TWITTER).toInstant();
        } catch (DateTimeException | ArithmeticException e) {
            throw new DateTimeException("cannot read '" + text + "' as a date-time (ISO-8601, yyyy-MM-dd HH:mm:ss,"
                    + " epoch seconds or milliseconds, RFC 1123)", e);
        }
    }

    private static Instant fromIso(String t) {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, ZonedDateTime::from,
                OffsetDateTime::from, LocalDateTime::from);
        if (parsed instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (parsed instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    private static Instant fromEpoch(BigDecimal value) {
        BigDecimal seconds;
        if (value.compareTo(SECONDS_LIMIT) < 0) {
            seconds = value;
        } else if (value.compareTo(MILLIS_LIMIT) < 0) {
            seconds = value.movePointLeft(3);
        } else if (value.compareTo(MICROS_LIMIT) < 0) {
            seconds = value.movePointLeft(6);
        } else {
            seconds = value.movePointLeft(9);
        }
        long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).setScale(0, RoundingMode.DOWN)
                .longValueExact();
        return Instant.ofEpochSecond(whole, nanos);
    }
}
