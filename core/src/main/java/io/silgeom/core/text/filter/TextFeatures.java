package io.silgeom.core.text.filter;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Turns a text into hashed feature indices: the input of {@link ContentClassifier}.
 *
 * <p>Normalisation: the first {@value #MAX_CHARS} characters, NFKC, lower case (Locale.ROOT); {@code @mentions}
 * become the token {@code @}, URLs the token {@code url}, HTML entities ({@code &amp;}) are dropped, a character
 * repeated more than three times is cut to three ({@code ㅋㅋㅋㅋㅋ} → three, as conjoining jamo after NFKC;
 * {@code sooooo} → {@code sooo}). Tokens are the runs of letters and digits.
 *
 * <p>Features, each hashed into {@code 2^bucketsLog2} buckets (words: MurmurHash3 x86_32 over their characters;
 * bigrams: MurmurHash3 of the two word hashes; character n-grams: their up to four UTF-16 units packed into a long,
 * mixed by MurmurHash3's 64-bit finalizer; a seed per kind and length): word unigrams, word bigrams, and character
 * n-grams of length 1 to 4 inside each token padded with one space on each side (so
 * {@code 조르그족은} gives {@code " 조", "조르", "르그족"...} and so shares most features with {@code 조르그족}: Korean
 * needs these sub-word features, since particles and endings glue onto the stem). An index may repeat; each
 * occurrence counts.
 */
final class TextFeatures {
    /** Longer texts are cut here: a long article body says nothing new past its first screens, and costs time. */
    static final int MAX_CHARS = 4000;
    static final int MAX_CHAR_GRAM = 4;
    private static final int WORD_SEED = 0x5117_0001;
    private static final int BIGRAM_SEED = 0x5117_0002;
    /** One per n-gram length (index 1..4): equal packed values of different lengths still hash apart. */
    private static final long[] CHAR_SEEDS = {0L, 0x9E37_79B9_7F4A_7C15L, 0xC2B2_AE3D_27D4_EB4FL,
        0x1656_67B1_9E37_79F9L, 0x85EB_CA77_C2B2_AE63L};
    private static final int MAX_REPEAT = 3;

    private final int mask;

    TextFeatures(int bucketsLog2) {
        if (bucketsLog2 < 4 || bucketsLog2 > 26) {
            throw new IllegalArgumentException("bucketsLog2 must be in [4, 26], got " + bucketsLog2);
        }
        this.mask = (1 << bucketsLog2) - 1;
    }

    int buckets() {
        return mask + 1;
    }

    /** The feature indices of a text, with repeats; empty for a text without letters or digits. */
    int[] indices(String text) {
        Indices all = collect(text);
        return Arrays.copyOf(all.values(), all.size());
    }

    /** The first {@code size} values are the feature indices; no copy on the hot path. */
    record Indices(int[] values, int size) {
    }

    Indices collect(String text) {
        String normalized = normalize(text);
        // normalized is " tok tok ... tok " (or ""): tokens are separated and surrounded by exactly one space. A token
        // of length L gives a word, at most one bigram and 4L char n-grams; the string has L + 1 chars per token, so
        // 4 per char is always enough.
        int[] out = new int[normalized.length() * 4];
        int n = 0;
        int previousWord = 0;
        boolean havePrevious = false;
        int start = 1;
        while (start < normalized.length()) {
            int end = normalized.indexOf(' ', start);
            int word = MurmurHash3.hash(normalized, start, end, WORD_SEED);
            out[n++] = word & mask;
            if (havePrevious) {
                out[n++] = MurmurHash3.hash(previousWord, word, BIGRAM_SEED) & mask;
            }
            previousWord = word;
            havePrevious = true;
            // char n-grams over " token " (the padding spaces are at start - 1 and end): up to 4 UTF-16 units fit in
            // a long, so each n-gram costs one 64-bit mix instead of a hash over its characters
            for (int i = start - 1; i <= end; i++) {
                long packed = 0;
                for (int g = 1; g <= MAX_CHAR_GRAM && i + g - 1 <= end; g++) {
                    packed = packed << 16 | normalized.charAt(i + g - 1);
                    if (g == 1 && (i == start - 1 || i == end)) {
                        continue; // a padding space alone says nothing
                    }
                    out[n++] = (int) MurmurHash3.fmix64(packed ^ CHAR_SEEDS[g]) & mask;
                }
            }
            start = end + 1;
        }
        return new Indices(out, n);
    }

    /** The normalised token string, {@code " tok tok "}, or {@code ""} when there is no token. */
    static String normalize(String text) {
        String s = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFKC)) {
            s = Normalizer.normalize(s, Normalizer.Form.NFKC);
        }
        s = s.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(s.length() + 2);
        b.append(' ');
        int len = s.length();
        int i = 0;
        while (i < len) {
            char c = s.charAt(i);
            int end;
            if (c == 'h' && (s.startsWith("http://", i) || s.startsWith("https://", i))) {
                end = i;
                while (end < len && !Character.isWhitespace(s.charAt(end))) {
                    end++;
                }
                token(b, "url");
                i = end;
            } else if (Character.isLetterOrDigit(c)) {
                int run = 1;
                while (i + 1 < len && s.charAt(i + 1) == c) {
                    i++;
                    run++;
                }
                for (int r = Math.min(run, MAX_REPEAT); r > 0; r--) {
                    b.append(c);
                }
                i++;
            } else if (c == '@' && i + 1 < len && isNameChar(s.charAt(i + 1))) {
                // a user name says who was addressed, not how: one token for all of them
                end = i + 1;
                while (end < len && isNameChar(s.charAt(end))) {
                    end++;
                }
                token(b, "@");
                i = end;
            } else if (c == '&' && (end = entityEnd(s, i)) > 0) {
                space(b);
                i = end;
            } else {
                space(b);
                i++;
            }
        }
        space(b);
        return b.length() <= 1 ? "" : b.toString();
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** End (exclusive) of an HTML entity such as {@code &amp;} or {@code &#8220;} starting at i, or -1. */
    private static int entityEnd(String s, int i) {
        int j = i + 1;
        int limit = Math.min(s.length(), i + 10);
        while (j < limit && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '#')) {
            j++;
        }
        return j > i + 1 && j < s.length() && s.charAt(j) == ';' ? j + 1 : -1;
    }

    private static void token(StringBuilder b, String token) {
        space(b);
        b.append(token).append(' ');
    }

    private static void space(StringBuilder b) {
        if (b.charAt(b.length() - 1) != ' ') {
            b.append(' ');
        }
    }
}
