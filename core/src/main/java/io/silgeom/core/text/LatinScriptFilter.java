package io.silgeom.core.text;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * Keeps the word tokens of {@link StandardTokenizer} that are written in Latin letters (digits and inner
 * punctuation allowed, at least one letter). Hangul words are {@link KoreanNounAnalyzer}'s; pure numbers
 * ({@code 2012}, {@code 3.5}) and other scripts are not keywords.
 */
final class LatinScriptFilter extends FilteringTokenFilter {
    private static final String WORD_TYPE = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.ALPHANUM];

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private final TypeAttribute type = addAttribute(TypeAttribute.class);

    LatinScriptFilter(TokenStream in) {
        super(in);
    }

    @Override
    protected boolean accept() {
        if (!WORD_TYPE.equals(type.type())) {
            return false;
        }
        char[] buffer = term.buffer();
        int length = term.length();
        boolean letter = false;
        for (int i = 0; i < length; ) {
            int cp = Character.codePointAt(buffer, i, length);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                if (cp >= 0x80 && Character.UnicodeScript.of(cp) != Character.UnicodeScript.LATIN) {
                    return false;
                }
                letter = true;
            }
        }
        return letter;
    }
}
