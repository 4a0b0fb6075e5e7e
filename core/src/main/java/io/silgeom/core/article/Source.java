package io.silgeom.core.article;

import java.util.Locale;
import java.util.Optional;

/** Where an article comes from: an outlet's newswire or a social platform. */
public enum Source {
    NEWS,
    SOCIAL;

    // Asked for every record encoded or parsed: computed once.
    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case wire form used in JSON and in Redis keys: {@code news}, {@code social}. */
    public String wireName() {
        return wireName;
    }

    private static final Source[] VALUES = values();

    /** Parses the wire form; empty for anything else (the caller reports the reason). */
    public static Optional<Source> fromWire(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Source s : VALUES) {
            if (s.wireName.equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
