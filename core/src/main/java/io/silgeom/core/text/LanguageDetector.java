package io.silgeom.core.text;

import io.silgeom.core.redis.Slice;

/**
 * Guesses the language of an article that does not name one, by script alone: the product counts Korean and
 * English, and the script of the letters tells those two apart reliably without a model.
 *
 * <ul>
 *   <li>{@code ko} when Hangul (syllables and jamo such as ㅋㅋ) is at least 30% of the letters: Korean news mixes
 *       in Latin names and acronyms (BTS, KOSPI), so a Korean text is often far from 100% Hangul;</li>
 *   <li>else {@code en} when Latin letters are more than half of the letters;</li>
 *   <li>else {@link Slice#UNKNOWN_LANG} ({@code und}), also for a text without letters.</li>
 * </ul>
 */
final class LanguageDetector {
    static final double KOREAN_MIN_SHARE = 0.3;
    static final double LATIN_MIN_SHARE = 0.5;

    private int letters;
    private int hangul;
    private int latin;

    /** Counts the letters of {@code text} (links and mentions already blanked out by the caller). */
    LanguageDetector add(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                // ASCII fast path: most text here is ASCII or Hangul.
                if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    letters++;
                    latin++;
                }
                continue;
            }
            int cp = Character.codePointAt(text, i);
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
            if (!Character.isLetter(cp)) {
                continue;
            }
            letters++;
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HANGUL) {
                hangul++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        return this;
    }

    String language() {
        if (letters == 0) {
            return Slice.UNKNOWN_LANG;
        }
        if (hangul >= KOREAN_MIN_SHARE * letters) {
            return "ko";
        }
        return latin > LATIN_MIN_SHARE * letters ? "en" : Slice.UNKNOWN_LANG;
    }
}
