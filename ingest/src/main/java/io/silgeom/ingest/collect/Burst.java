package io.silgeom.ingest.collect;

import io.silgeom.core.config.DurationParser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A planted spike in the synthetic stream: during {@code duration} from its start, {@code keyword} appears
 * {@code multiplier} times as often as usual. The usual rate is the keyword's share of articles in the
 * generator's vocabulary, floored at {@link SyntheticArticleFactory#BASELINE_FLOOR} so a burst of a rare or unknown
 * keyword is still visible. The spike ramps up over the first tenth of the duration and down over the last,
 * as real news bursts do.
 *
 * <p>A keyword starting with {@code #} is a hashtag: its burst articles are social posts carrying the hashtag,
 * with the words of it in the text ({@code #WorldSeries} → "World Series").
 *
 * @param start  an absolute start, or null when {@code offset} is given
 * @param offset the start relative to the generator's start, or null when {@code start} is given
 */
public record Burst(String keyword, Instant start, Duration offset, Duration duration, double multiplier) {

    public Burst {
        if (keyword == null || keyword.isBlank() || keyword.equals("#")) {
            throw new IllegalArgumentException("burst keyword must not be blank");
        }
        if ((start == null) == (offset == null)) {
            throw new IllegalArgumentException("burst " + keyword + ": give exactly one of start and offset");
        }
        if (offset != null && offset.isNegative()) {
            throw new IllegalArgumentException("burst " + keyword + ": offset must not be negative, got " + offset);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("burst " + keyword + ": duration must be positive, got " + duration);
        }
        if (!(multiplier >= 1 && Double.isFinite(multiplier))) {
            throw new IllegalArgumentException("burst " + keyword + ": multiplier must be at least 1, got " + multiplier);
        }
    }

    /** A burst that starts {@code offset} after the generator starts. */
    public static Burst after(String keyword, Duration offset, Duration duration, double multiplier) {
        return new Burst(keyword, null, offset, duration, multiplier);
    }

    /** A burst at a fixed instant, e.g. inside a backfilled history. */
    public static Burst at(String keyword, Instant start, Duration duration, double multiplier) {
        return new Burst(keyword, start, null, duration, multiplier);
    }

    /**
     * Reads a list written as {@code keyword@start+duration*multiplier}, comma-separated, e.g.
     * {@code 태풍@3m+15m*20,#WorldSeries@5m+12m*30}. {@code start} is an offset ({@code 3m}, {@code PT90S}) or a
     * UTC instant ({@code 2026-11-25T10:00:00Z}). {@code none} or an empty text is the empty list.
     *
     * @throws IllegalArgumentException naming the entry that does not parse
     */
    public static List<Burst> parseList(String spec) {
        List<Burst> bursts = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("none")) {
            return bursts;
        }
        for (String entry : spec.split(",")) {
            bursts.add(parse(entry.trim()));
        }
        return List.copyOf(bursts);
    }

    private static Burst parse(String entry) {
        int at = entry.indexOf('@');
        int times = entry.lastIndexOf('*');
        int plus = times < 0 ? -1 : entry.lastIndexOf('+', times);
        if (at <= 0 || plus <= at || times <= plus) {
            throw new IllegalArgumentException("burst '" + entry + "': expected keyword@start+duration*multiplier,"
                    + " e.g. 태풍@3m+15m*20");
        }
        String keyword = entry.substring(0, at).trim();
        String startText = entry.substring(at + 1, plus).trim();
        try {
            Duration duration = DurationParser.parse(entry.substring(plus + 1, times));
            double multiplier = Double.parseDouble(entry.substring(times + 1).trim());
            return startText.contains("T") && startText.endsWith("Z")
                    ? at(keyword, Instant.parse(startText), duration, multiplier)
                    : after(keyword, DurationParser.parse(startText), duration, multiplier);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("burst '" + entry + "': " + e.getMessage(), e);
        }
    }

    /** The list in the form {@link #parseList} reads. */
    public static String toSpec(List<Burst> bursts) {
        if (bursts.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        for (Burst b : bursts) {
            String startText = b.start != null ? b.start.toString() : DurationParser.format(b.offset);
            String m = b.multiplier == Math.rint(b.multiplier) ? String.valueOf((long) b.multiplier) : String.valueOf(b.multiplier);
            parts.add(b.keyword + "@" + startText + "+" + DurationParser.format(b.duration) + "*" + m);
        }
        return String.join(",", parts);
    }

    public boolean hashtag() {
        return keyword.startsWith("#");
    }

    /** The words the burst articles carry: the keyword, or a hashtag's words ({@code #WorldSeries} → World Series). */
    public String phrase() {
        if (!hashtag()) {
            return keyword;
        }
        return keyword.substring(1).replaceAll("(?<=\\p{Ll})(?=\\p{Lu})", " ");
    }

    /** Korean when the keyword has a Hangul syllable, English otherwise. */
    public boolean korean() {
        return keyword.chars().anyMatch(c -> c >= 0xAC00 && c <= 0xD7A3);
    }

    /** When the burst starts, given the generator's start. */
    public Instant startGiven(Instant generatorStart) {
        return start != null ? start : generatorStart.plus(offset);
    }

    /**
     * How strong the burst is at {@code t}: 0 outside it, 1 on its plateau, linear over the ramps (each a tenth
     * of the duration).
     */
    public double intensity(Instant t, Instant generatorStart) {
        Instant begin = startGiven(generatorStart);
        Instant end = begin.plus(duration);
        if (t.isBefore(begin) || !t.isBefore(end)) {
            return 0;
        }
        double ramp = duration.toNanos() / 10.0;
        double fromBegin = Duration.between(begin, t).toNanos();
        double toEnd = Duration.between(t, end).toNanos();
        return Math.min(1.0, Math.min(fromBegin, toEnd) / ramp);
    }
}
