package io.silgeom.core.text;

import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.PatternKeywordMarkerFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * English words, and the Latin-script words inside Korean text (BTS, KOSPI): Unicode word boundaries, Latin
 * words only ({@link LatinScriptFilter}), lower case, possessive {@code 's} removed, stopwords removed, plurals
 * folded by {@link EnglishMinimalStemFilter} ("floods" → "flood", "stories" → "story") except for short acronyms
 * ("BTS" stays {@code bts}, matching {@code #bts}) and words in -is ("crisis"), tokens shorter than 2 characters
 * dropped.
 *
 * <p>Stopwords are removed before and after stemming: before, so that "was" and "has" go before the stemmer
 * turns them into "wa" and "ha"; after, so that "says" → "say" and "news" → "new" go too.
 *
 * <p>NOTE: the minimal stemmer also cuts an {@code s} from some names ("Texas" → {@code texa}). That is harmless
 * for counting, because every article goes through the same chain and the chart shows the display form, but a
 * canonical form must never be built by hand: use {@link KeywordExtractor#canonicalForm(String)}.
 *
 * <p>Thread-safe: Lucene keeps one token stream per thread ({@link Analyzer#GLOBAL_REUSE_STRATEGY}).
 */
final class LatinWordAnalyzer extends Analyzer {
    private static final int MIN_CHARS = 2;
    /** Short all-capital words are acronyms, not plurals: BTS, SBS, SNS, GPS (and BTS's) keep their s. */
    private static final Pattern ACRONYM = Pattern.compile("\\p{Lu}[\\p{Lu}\\d]{1,4}(?:'[sS])?");
    /** Words in -is are singular (crisis, analysis, tennis, Paris): the minimal stemmer would cut them to -i. */
    private static final Pattern NOT_A_PLURAL = Pattern.compile(".*is");

    private final CharArraySet stopwords;

    LatinWordAnalyzer(CharArraySet stopwords) {
        this.stopwords = CharArraySet.unmodifiableSet(stopwords);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = new StandardTokenizer();
        TokenStream stream = new LatinScriptFilter(tokenizer);
        stream = new PatternKeywordMarkerFilter(stream, ACRONYM);
        stream = new LowerCaseFilter(stream);
        stream = new EnglishPossessiveFilter(stream);
        stream = new StopFilter(stream, stopwords);
        stream = new PatternKeywordMarkerFilter(stream, NOT_A_PLURAL);
        stream = new EnglishMinimalStemFilter(stream);
        stream = new StopFilter(stream, stopwords);
        stream = new LengthFilter(stream, MIN_CHARS, Integer.MAX_VALUE);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
