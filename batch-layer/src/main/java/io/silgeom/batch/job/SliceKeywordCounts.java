package io.silgeom.batch.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.io.Text;

/**
 * The keyword counts of one slice (hour, lang, source) while the reduce reads its articles: per keyword the authorless
 * articles, the distinct social authors (one author counts at most once per keyword, language and hour) and the
 * smallest display form (code point order, i.e. the byte order of UTF-8 {@link Text}: it does not depend on the order
 * Hadoop delivers the articles, so two runs over the same data write the same view). Reused from slice to slice.
 */
final class SliceKeywordCounts {
    private final Map<String, Tally> byKeyword = new HashMap<>();
    private final Text key = new Text();
    private final DisplayCount value = new DisplayCount();
    private final Text display = new Text();

    /** One distinct article's mention of {@code canonical}; {@code author} empty for an authorless article. */
    void add(String canonical, String displayForm, String author) {
        Tally t = byKeyword.get(canonical);
        if (t == null) {
            t = new Tally(displayForm);
            byKeyword.put(canonical, t);
        } else if (!displayForm.equals(t.display) && codePointOrder(displayForm, t.display) < 0) {
            t.display = displayForm;
        }
        if (author.isEmpty()) {
            t.authorless++;
        } else {
            t.addAuthor(author);
        }
    }

    /**
     * Writes one view line per keyword ({@code slicePrefix + canonical} → count and display form), keywords in code
     * point order, so a reduce task that gets its slices in key order writes a sorted file; then forgets them.
     */
    void writeTo(String slicePrefix, RowWriter out) throws IOException, InterruptedException {
        String[] keywords = byKeyword.keySet().toArray(new String[0]);
        boolean belowSurrogates = true;
        for (String k : keywords) {
            belowSurrogates &= allBelowSurrogates(k);
        }
        // Below U+D800, UTF-16 order (String.compareTo, an intrinsic) is code point order.
        Arrays.sort(keywords, belowSurrogates ? Comparator.naturalOrder() : SliceKeywordCounts::codePointOrder);
        byte[] prefix = slicePrefix.getBytes(StandardCharsets.UTF_8);
        for (String canonical : keywords) {
            Tally t = byKeyword.get(canonical);
            byte[] keyword = canonical.getBytes(StandardCharsets.UTF_8);
            key.set(prefix);
            key.append(keyword, 0, keyword.length);
            display.set(t.display.equals(canonical) ? keyword : t.display.getBytes(StandardCharsets.UTF_8));
            value.set(t.authorless + t.authorCount(), display);
            out.write(key, value);
        }
        byKeyword.clear();
    }

    private static boolean allBelowSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= Character.MIN_SURROGATE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Unicode code point order, i.e. the byte order of UTF-8 ({@link Text#compareTo}), which {@link String#compareTo}
     * (UTF-16 order) is too except where a supplementary character meets one from U+E000 to U+FFFF.
     */
    static int codePointOrder(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                boolean sx = Character.isSurrogate(x);
                if (sx != Character.isSurrogate(y)) {
                    return sx ? 1 : -1; // the surrogate starts a code point above U+FFFF
                }
                return Character.compare(x, y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Where the rows go: a reduce task's {@code Context::write}. The key and value are reused after the call. */
    @FunctionalInterface
    interface RowWriter {
        void write(Text key, DisplayCount value) throws IOException, InterruptedException;
    }

    private static final class Tally {
        long authorless;
        String display;
        Object authors; // null, one author's String, or a Set<String> of two or more: most keywords have none or one

        Tally(String display) {
            this.display = display;
        }

        @SuppressWarnings("unchecked")
        void addAuthor(String author) {
            if (authors == null) {
                authors = author;
            } else if (authors instanceof String one) {
                if (!one.equals(author)) {
                    Set<String> many = new HashSet<>(4);
                    many.add(one);
                    many.add(author);
                    authors = many;
                }
            } else {
                ((Set<String>) authors).add(author);
            }
        }

        @SuppressWarnings("unchecked")
        int authorCount() {
            return authors == null ? 0 : authors instanceof String ? 1 : ((Set<String>) authors).size();
        }
    }
}
