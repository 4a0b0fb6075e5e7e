package io.silgeom.core.text;

import java.util.EnumSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.ko.POS;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;

/**
 * Korean nouns and proper nouns, with Lucene Nori and its bundled dictionary (mecab-ko-dic; no network, no user
 * dictionary).
 *
 * <ul>
 *   <li>{@link KoreanTokenizer.DecompoundMode#NONE}: compounds stay whole, so 삼성전자, 방탄소년단 and 연합뉴스
 *       are one keyword each rather than 삼성 + 전자;</li>
 *   <li>only general nouns (NNG) and proper nouns (NNP) pass: particles, verb and adjective stems, endings,
 *       numbers, foreign words (SL, left to {@link LatinWordAnalyzer}) and unknown words go;</li>
 *   <li>single-syllable nouns go (것, 수, 등, 골, 때: mostly bound or too vague to trend);</li>
 *   <li>the nouns in {@code korean-stopwords.txt} go (news boilerplate such as 기자, 사진, 종합).</li>
 * </ul>
 *
 * <p>Thread-safe: Lucene keeps one token stream per thread ({@link Analyzer#GLOBAL_REUSE_STRATEGY}).
 */
final class KoreanNounAnalyzer extends Analyzer {
    private static final Set<POS.Tag> DROPPED_TAGS = EnumSet.complementOf(EnumSet.of(POS.Tag.NNG, POS.Tag.NNP));
    private static final int MIN_SYLLABLES = 2;

    private final CharArraySet stopwords;

    KoreanNounAnalyzer(CharArraySet stopwords) {
        this.stopwords = CharArraySet.unmodifiableSet(stopwords);
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, null,
                KoreanTokenizer.DecompoundMode.NONE, false, true);
        TokenStream stream = new KoreanPartOfSpeechStopFilter(tokenizer, DROPPED_TAGS);
        stream = new LengthFilter(stream, MIN_SYLLABLES, Integer.MAX_VALUE);
        stream = new StopFilter(stream, stopwords);
        return new TokenStreamComponents(tokenizer, stream);
    }
}
