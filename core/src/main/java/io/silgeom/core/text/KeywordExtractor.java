package io.silgeom.core.text;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.redis.Slice;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The keyword analysis both views run: the speed layer on each record from Kafka, the batch layer on each archived
 * line. Both must count the very same keywords for the same article, so this class is deterministic (same article,
 * equal {@link Analysis}) and has no configuration.
 *
 * <p>Steps, on {@link Article#text()} (title and body):
 * <ol>
 *   <li>Unicode NFKC normalisation (full-width ＢＴＳ → BTS, decomposed Hangul → syllables), curly apostrophe → {@code '};</li>
 *   <li>links and {@code @mentions} are dropped; {@code #hashtags} become keywords as they are (canonical
 *       {@code #bts}, display {@code #BTS}) and are not analyzed again as words ({@link SocialMarkup});</li>
 *   <li>Hangul text: nouns and proper nouns by Lucene Nori ({@link KoreanNounAnalyzer});</li>
 *   <li>Latin-script words, in English and in Korean text alike: {@link LatinWordAnalyzer};</li>
 *   <li>each keyword counts once per article; its display form is the surface form written most often in this
 *       article ("Sandy" for canonical {@code sandy}); at most {@link #MAX_KEYWORDS_PER_ARTICLE} keywords, the most
 *       frequent in the article (so a 1 MiB body cannot flood the counts).</li>
 * </ol>
 * The language is the article's own {@code lang} when it is a valid code, else detected from the script of the
 * letters ({@link LanguageDetector}): {@code ko}, {@code en} or {@code und}. Which analyzer sees a word depends on
 * its script, never on the language, so a mislabelled article still yields the right keywords.
 *
 * <p>Thread-safe; create once per process (loading the Nori dictionary takes a moment) and share.
 */
public final class KeywordExtractor {
    /** Keywords one article contributes at most. */
    public static final int MAX_KEYWORDS_PER_ARTICLE = 64;

    private static final Pattern LANG_CODE = Pattern.compile("[a-z]{2,3}");
    private static final String FIELD = "text";

    private final Analyzer koreanNouns;
    private final Analyzer latinWords;

    private KeywordExtractor(Analyzer koreanNouns, Analyzer latinWords) {
        this.koreanNouns = koreanNouns;
        this.latinWords = latinWords;
    }

    public static KeywordExtractor create() {
        CharArraySet english = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, false);
        english.addAll(loadWordList("english-stopwords.txt"));
        KeywordExtractor extractor = new KeywordExtractor(
                new KoreanNounAnalyzer(loadWordList("korean-stopwords.txt")), new LatinWordAnalyzer(english));
        // Load the Nori dictionaries now, not on the first record a consumer handles.
        extractor.analyze(new Article("warm-up", Source.NEWS, null, null, null,
                Instant.EPOCH, "한국어 사전 warm up", null, null));
        return extractor;
    }

    /**
     * The language {@link #analyze} would give the article, without extracting its keywords: what a filtered article
     * (no keywords, still a document of some language in the counters) needs.
     */
    public String language(Article article) {
        Optional<String> given = article.langIfKnown().filter(l -> LANG_CODE.matcher(l).matches() && !l.equals(Slice.ALL));
        if (given.isPresent()) {
            return given.get();
        }
        SocialMarkup.Scan scan = SocialMarkup.scan(normalize(article.text()));
        LanguageDetector detector = new LanguageDetector().add(scan.plain());
        scan.hashtags().forEach(h -> detector.add(h.tag()));
        return detector.language();
    }

    public Analysis analyze(Article article) {
        String text = normalize(article.text());
        SocialMarkup.Scan scan = SocialMarkup.scan(text);
        KeywordTally tally = new KeywordTally();
        LanguageDetector detector = new LanguageDetector().add(scan.plain());
        for (SocialMarkup.Hashtag h : scan.hashtags()) {
            tally.add("#" + h.tag().toLowerCase(Locale.ROOT), "#" + h.tag(), h.offset());
            detector.add(h.tag());
        }
        String plain = scan.plain();
        if (containsHangul(plain)) {
            collect(koreanNouns, plain, tally);
        }
        if (containsLatinLetter(plain)) {
            collect(latinWords, plain, tally);
        }
        String lang = article.langIfKnown().filter(l -> LANG_CODE.matcher(l).matches() && !l.equals(Slice.ALL))
                .orElseGet(detector::language);
        return new Analysis(lang, tally.top(MAX_KEYWORDS_PER_ARTICLE));
    }

    /**
     * The canonical form of a term a user typed (an API query, a blocklist entry), by the same analysis as the
     * articles: "Floods" → {@code flood}, "#BTS" → {@code #bts}, "손흥민" → {@code 손흥민}. A term that does not
     * analyze to exactly one keyword (a stopword, a phrase) comes back NFKC-normalised, trimmed and lower-cased.
     */
    public String canonicalForm(String term) {
        String text = normalize(term).strip();
        Set<Keyword> keywords = analyze(new Article("query", Source.NEWS, null, null, null,
                Instant.EPOCH, text, null, null)).keywords();
        if (keywords.size() == 1) {
            return keywords.iterator().next().canonical();
        }
        return text.toLowerCase(Locale.ROOT);
    }

    private static void collect(Analyzer analyzer, String text, KeywordTally tally) {
        try (TokenStream stream = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                int start = offset.startOffset();
                tally.add(term.toString(), displayForm(text, start, offset.endOffset()), start);
            }
            stream.end();
        } catch (IOException e) {
            // Reading from a String cannot fail; a failure here is a bug in an analyzer.
            throw new UncheckedIOException("keyword analysis failed", e);
        }
    }

    /** The word as written, without a possessive {@code 's} (the analyzer removed it from the canonical form too). */
    private static String displayForm(String text, int start, int end) {
        if (end - start > 2 && text.charAt(end - 2) == '\'' && (text.charAt(end - 1) == 's' || text.charAt(end - 1) == 'S')) {
            end -= 2;
        }
        return text.substring(start, end);
    }

    private static String normalize(String text) {
        String nfkc = Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
        return nfkc.replace('\u2019', '\'');
    }

    private static boolean containsHangul(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '\uAC00' && c <= '\uD7A3') {
                return true;
            }
        }
        return false;
    }

    /**
     * A quick pre-check that skips the Latin analyzer for all-Hangul text: ASCII letters and the Latin blocks of
     * U+00C0-U+024F and U+1E00-U+1EFF (accents, Vietnamese). {@link LatinScriptFilter} decides per word.
     */
    private static boolean containsLatinLetter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (((c >= 0xC0 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF)) && Character.isLetter(c))) {
                return true;
            }
        }
        return false;
    }

    private static CharArraySet loadWordList(String resource) {
        try (InputStream in = KeywordExtractor.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("word list missing from the classpath: io/silgeom/core/text/" + resource);
            }
            return WordlistLoader.getWordSet(new InputStreamReader(in, StandardCharsets.UTF_8), "#",
                    new CharArraySet(64, false));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read word list " + resource, e);
        }
    }
}
