package io.silgeom.batch.job;

import java.util.Objects;

/**
 * One line of the keyword-hourly batch view ({@code views/keyword_hourly/v=<version>/part-r-*}), tab-separated UTF-8,
 * the columns of the Hive table {@code keyword_hourly}:
 *
 * <pre>hourId \t lang \t source \t canonical \t display \t count</pre>
 *
 * e.g. {@code 2024050109\tko\tnews\t선거\t선거\t40}: 40 distinct news articles in Korean with event time in
 * 09:00–09:59 UTC on 2024-05-01 mention the keyword. {@code lang} and {@code source} are the article's own
 * (never {@code all}: the publisher rolls them up). {@code count} is at least 1.
 */
public record KeywordHourlyLine(String hourId, String lang, String source, String canonical, String display, long count) {
    public KeywordHourlyLine {
        Objects.requireNonNull(hourId, "hourId");
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(canonical, "canonical");
        Objects.requireNonNull(display, "display");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }

    /**
     * @throws IllegalArgumentException naming the line when it does not have six tab-separated columns and a count
     */
    public static KeywordHourlyLine parse(String line) {
        String[] cols = line.split("\t", -1);
        if (cols.length != 6) {
            throw new IllegalArgumentException("batch view line must have 6 tab-separated columns, got " + cols.length + ": " + line);
        }
        long count;
        try {
            count = Long.parseLong(cols[5]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("batch view line has a non-numeric count: " + line, e);
        }
        return new KeywordHourlyLine(cols[0], cols[1], cols[2], cols[3], cols[4], count);
    }

    public String format() {
        return String.join("\t", hourId, lang, source, canonical, display, Long.toString(count));
    }
}
