package io.silgeom.serving.merge;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Resolution of a keyword series. Minutes come from the speed view only; hours from the batch view below the cutoff
 * and the speed view at or after it; a day is the sum of its 24 UTC hours.
 */
public enum SeriesStep {
    MINUTE("PT1M", Duration.ofMinutes(1), ChronoUnit.MINUTES),
    HOUR("PT1H", Duration.ofHours(1), ChronoUnit.HOURS),
    DAY("P1D", Duration.ofDays(1), ChronoUnit.DAYS);

    private final String isoName;
    private final Duration length;
    private final ChronoUnit unit;

    SeriesStep(String isoName, Duration length, ChronoUnit unit) {
        this.isoName = isoName;
        this.length = length;
        this.unit = unit;
    }

    /** Parses {@code PT1M}, {@code PT1H} or {@code P1D}; anything else is an {@link IllegalArgumentException}. */
    public static SeriesStep parse(String text) {
        for (SeriesStep s : values()) {
            if (s.isoName.equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("step must be PT1M, PT1H or P1D, got: " + text);
    }

    public String isoName() {
        return isoName;
    }

    public Duration length() {
        return length;
    }

    /** Start of the step that contains {@code t} (UTC). */
    public Instant floor(Instant t) {
        return t.truncatedTo(unit);
    }

    /** Smallest step boundary at or after {@code t}. */
    public Instant ceil(Instant t) {
        Instant f = floor(t);
        return f.equals(t) ? t : f.plus(length);
    }
}
