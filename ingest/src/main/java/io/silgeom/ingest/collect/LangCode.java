package io.silgeom.ingest.collect;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The language code of the article record ({@code ko}, {@code en}) from the tags sources declare. */
public final class LangCode {
    /** X's codes for "no language" (undetermined, media only, hashtags only, no text, …): unknown, not a language. */
    private static final Set<String> NOT_A_LANGUAGE = Set.of("und", "qme", "qht", "qam", "qct", "qst", "zxx", "all");

    private LangCode() {
    }

    /** {@code ko-KR}, {@code en_us}, {@code EN} → {@code ko}, {@code en}; undetermined or malformed → empty. */
    public static Optional<String> primary(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String code = tag.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return code.matches("[a-z]{2,3}") && !NOT_A_LANGUAGE.contains(code) ? Optional.of(code) : Optional.empty();
    }
}
