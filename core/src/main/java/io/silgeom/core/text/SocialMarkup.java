package io.silgeom.core.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the parts of a post that are not words: links, {@code @mentions} and {@code #hashtags}. Links and mentions
 * are never keywords (a shortened link or a user name says nothing about the topic); hashtags are keywords of their
 * own. All three are blanked out of the text the word analyzers see, so {@code #BTS} counts once, as a hashtag,
 * and not a second time as the word {@code bts}.
 */
final class SocialMarkup {
    /** Longer "hashtags" are spam or run-together sentences, not topics. */
    static final int MAX_HASHTAG_CHARS = 64;

    private static final String WORD_CHAR = "[\\p{L}\\p{M}\\p{N}_]";
    // NOTE: a hashtag or mention starts after a non-word character; '&' and '#' are excluded so that HTML
    // entities (&#39;) and "C#" are not read as hashtags.
    private static final Pattern MARKUP = Pattern.compile(
            "(?:(?i:https?://)|www\\.|WWW\\.)\\S+"
                    + "|(?<![\\p{L}\\p{M}\\p{N}_&#@])@" + WORD_CHAR + "+"
                    + "|(?<![\\p{L}\\p{M}\\p{N}_&#@])#(?<tag>" + WORD_CHAR + "+)");

    private SocialMarkup() {
    }

    /** A hashtag as written, without its {@code #}, and where it starts in the text. */
    record Hashtag(String tag, int offset) {
    }

    /**
     * @param plain    the text with links, mentions and hashtags replaced by spaces (same length, same offsets)
     * @param hashtags hashtags in order of appearance
     */
    record Scan(String plain, List<Hashtag> hashtags) {
    }

    static Scan scan(String text) {
        // Fast path: most news text has none of the three markers.
        if (text.indexOf('#') < 0 && text.indexOf('@') < 0 && text.indexOf("://") < 0
                && text.indexOf("www.") < 0 && text.indexOf("WWW.") < 0) {
            return new Scan(text, List.of());
        }
        Matcher m = MARKUP.matcher(text);
        StringBuilder plain = null;
        List<Hashtag> hashtags = new ArrayList<>();
        while (m.find()) {
            String tag = m.group("tag");
            if (tag != null && (!containsLetter(tag) || tag.length() > MAX_HASHTAG_CHARS)) {
                // "#1" or a 200-character run: not a topic; left in the text, where the word rules apply.
                continue;
            }
            if (tag != null) {
                hashtags.add(new Hashtag(tag, m.start()));
            }
            if (plain == null) {
                plain = new StringBuilder(text);
            }
            for (int i = m.start(); i < m.end(); i++) {
                plain.setCharAt(i, ' ');
            }
        }
        return new Scan(plain == null ? text : plain.toString(), List.copyOf(hashtags));
    }

    private static boolean containsLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isLetter(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
