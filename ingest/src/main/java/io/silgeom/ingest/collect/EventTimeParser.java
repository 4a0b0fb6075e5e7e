package io.silgeom.ingest.collect;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
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
        Instant common = commonForm(text.trim());
        return common != null ? common : parseAnyForm(text);
    }

    /** {@link #parse} without the shortcut for the common forms: the definition the shortcut is tested against. */
    static Instant parseAnyForm(String text) {
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

    /**
     * The forms nearly every row has, read by hand because the general parser costs microseconds a row: plain epoch
     * digits, and {@code yyyy-MM-dd(T| )HH:mm:ss[.f{1,9}][Z|±HH:MM]}. Null for anything else, and for any value out
     * of range, so that {@link #parseAnyForm} gives the answer or the error: this only ever agrees with it, faster.
     */
    static Instant commonForm(String t) {
        int n = t.length();
        if (n == 0 || n > 35) {
            return null;
        }
        if (n <= 18 && allDigits(t, 0, n)) {
            return fromEpochDigits(Long.parseLong(t));
        }
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != 'T' && t.charAt(10) != ' ')
                || t.charAt(13) != ':' || t.charAt(16) != ':' || !allDigits(t, 0, 4) || !allDigits(t, 5, 7)
                || !allDigits(t, 8, 10) || !allDigits(t, 11, 13) || !allDigits(t, 14, 16) || !allDigits(t, 17, 19)) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int digits = 0;
            for (i++; i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++) {
                if (++digits > 9) {
                    return null;
                }
                nanos = nanos * 10 + (t.charAt(i) - '0');
            }
            if (digits == 0) {
                return null;
            }
            for (int k = digits; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0; // no zone: UTC
        } else if (i + 1 == n && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i + 6 == n && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':'
                && allDigits(t, i + 1, i + 3) && allDigits(t, i + 4, i + 6)) {
            int hours = number(t, i + 1, i + 3);
            int minutes = number(t, i + 4, i + 6);
            if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        int month = number(t, 5, 7);
        int day = number(t, 8, 10);
        int hour = number(t, 11, 13);
        int minute = number(t, 14, 16);
        int second = number(t, 17, 19);
        if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int year = number(t, 0, 4);
        if (day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    private static boolean allDigits(String t, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int number(String t, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (t.charAt(i) - '0');
        }
        return v;
    }

    /** {@link #fromEpoch} for a whole number below 10^18, without BigDecimal. */
    private static Instant fromEpochDigits(long v) {
        if (v < 100_000_000_000L) {
            return Instant.ofEpochSecond(v);
        }
        if (v < 100_000_000_000_000L) {
            return Instant.ofEpochSecond(v / 1_000, (v % 1_000) * 1_000_000);
        }
        if (v < 100_000_000_000_000_000L) {
            return Instant.ofEpochSecond(v / 1_000_000, (v % 1_000_000) * 1_000);
        }
        return Instant.ofEpochSecond(v / 1_000_000_000, v % 1_000_000_000);
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
