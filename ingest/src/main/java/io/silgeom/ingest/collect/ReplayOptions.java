package io.silgeom.ingest.collect;

import io.silgeom.core.article.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link FileReplay} reads and how it maps and paces it; the {@code silgeom replay} options
 * (DESIGN.md §8). Null means "not given" for every optional component; the compact constructor fills the
 * defaults and rejects contradictions with a message naming the option.
 *
 * @param file          the input file
 * @param format        null: from the file name ({@link InputFormat#fromFileName})
 * @param fieldMap      article field → input column ({@code --map field=column}); a field not in the map is
 *                      read from a column with the field's own name when there is one
 * @param defaultSource {@code --source}: used when a row has no source column or value
 * @param defaultLang   {@code --lang}: used when a row has no lang column or value (null: detected later)
 * @param defaultSite   used when a row has no site column or value (e.g. {@code reuters})
 * @param speedup       {@code --speedup}: event time runs this many times faster than real time; records
 *                      are sent when their shifted time comes
 * @param rate          {@code --rate}: records per second; excludes {@code speedup}
 * @param timeShift     {@code --time-shift}; null: {@link TimeShift#NOW}
 * @param idPrefix      prepended to every id (ids from the file and generated ones), e.g. {@code reuters-};
 *                      null: ids as they are
 * @param maxGap        gaps between consecutive records longer than this (in event time) are shortened to it
 *                      before shifting and pacing, so a replay does not sit idle through months without data;
 *                      null: gaps kept
 * @param limit         stop after this many rows; null: the whole file
 */
public record ReplayOptions(
        Path file,
        InputFormat format,
        Map<String, String> fieldMap,
        Source defaultSource,
        String defaultLang,
        String defaultSite,
        Double speedup,
        Double rate,
        TimeShift timeShift,
        String idPrefix,
        Duration maxGap,
        Long limit) {

    public ReplayOptions {
        Objects.requireNonNull(file, "file");
        format = format != null ? format : InputFormat.fromFileName(file);
        fieldMap = validFieldMap(fieldMap);
        defaultLang = blankToNull(defaultLang);
        defaultSite = blankToNull(defaultSite);
        idPrefix = blankToNull(idPrefix);
        timeShift = timeShift != null ? timeShift : TimeShift.NOW;
        if (speedup != null && rate != null) {
            throw new IllegalArgumentException("--speedup and --rate exclude each other; got both (" + speedup
                    + ", " + rate + ")");
        }
        if (speedup != null && !(speedup > 0 && Double.isFinite(speedup))) {
            throw new IllegalArgumentException("--speedup must be a positive number, got " + speedup);
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("--rate must be a positive number of records per second, got " + rate);
        }
        if (maxGap != null && (maxGap.isNegative() || maxGap.isZero())) {
            throw new IllegalArgumentException("max gap must be positive, got " + maxGap);
        }
        if (limit != null && limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    public static Builder builder(Path file) {
        return new Builder(file);
    }

    /** The input column of an explicitly mapped field, or null. */
    String mappedColumn(ArticleField field) {
        return fieldMap.get(field.wireName());
    }

    /** The NOW shift without a speedup anchors the file's end at the start, so it must know the end first. */
    boolean needsEndAnchor() {
        return timeShift == TimeShift.NOW && speedup == null;
    }

    private static Map<String, String> validFieldMap(Map<String, String> map) {
        if (map == null) {
            return Map.of();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        map.forEach((field, column) -> {
            ArticleField.fromWire(field);
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException("--map " + field + "=: the column name is empty");
            }
            copy.put(field, column);
        });
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Fills a {@link ReplayOptions} one option at a time, as a command line is read. */
    public static final class Builder {
        private final Path file;
        private final Map<String, String> fieldMap = new LinkedHashMap<>();
        private InputFormat format;
        private Source defaultSource;
        private String defaultLang;
        private String defaultSite;
        private Double speedup;
        private Double rate;
        private TimeShift timeShift;
        private String idPrefix;
        private Duration maxGap;
        private Long limit;

        private Builder(Path file) {
            this.file = file;
        }

        public Builder format(InputFormat value) {
            this.format = value;
            return this;
        }

        /** {@code --map field=column}; a later mapping of the same field replaces the earlier one. */
        public Builder map(String field, String column) {
            fieldMap.put(field, column);
            return this;
        }

        /** {@code --map field=column} as one string. */
        public Builder map(String fieldEqualsColumn) {
            int eq = fieldEqualsColumn.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--map expects field=column, got: " + fieldEqualsColumn);
            }
            return map(fieldEqualsColumn.substring(0, eq).trim(), fieldEqualsColumn.substring(eq + 1).trim());
        }

        public Builder source(Source value) {
            this.defaultSource = value;
            return this;
        }

        public Builder lang(String value) {
            this.defaultLang = value;
            return this;
        }

        public Builder site(String value) {
            this.defaultSite = value;
            return this;
        }

        public Builder speedup(Double value) {
            this.speedup = value;
            return this;
        }

        public Builder rate(Double value) {
            this.rate = value;
            return this;
        }

        public Builder timeShift(TimeShift value) {
            this.timeShift = value;
            return this;
        }

        public Builder idPrefix(String value) {
            this.idPrefix = value;
            return this;
        }

        public Builder maxGap(Duration value) {
            this.maxGap = value;
            return this;
        }

        public Builder limit(Long value) {
            this.limit = value;
            return this;
        }

        public ReplayOptions build() {
            return new ReplayOptions(file, format, fieldMap, defaultSource, defaultLang, defaultSite, speedup, rate,
                    timeShift, idPrefix, maxGap, limit);
        }
    }
}
