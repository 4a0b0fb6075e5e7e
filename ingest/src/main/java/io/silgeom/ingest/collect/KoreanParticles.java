package io.silgeom.ingest.collect;

import java.util.Map;

/**
 * Attaches a Korean particle in the form the word's last sound asks for (은/는, 이/가, 을/를, 과/와, 으로/로),
 * so that generated headlines read like real ones: 삼성전자는, 국회는, 태풍이, 손흥민과.
 */
final class KoreanParticles {
    /** Form after a final consonant → form after a vowel. */
    private static final Map<String, String> AFTER_VOWEL = Map.of("은", "는", "이", "가", "을", "를", "과", "와", "으로", "로");
    private static final char FIRST_SYLLABLE = '\uAC00';
    private static final char LAST_SYLLABLE = '\uD7A3';
    private static final int FINAL_CONSONANTS = 28;
    private static final int FINAL_RIEUL = 8;
    /** Latin letters and digits whose Korean reading ends in a consonant: 엘, 엠, 엔, 알; 영, 일, 삼, 육, 칠, 팔, 십. */
    private static final String CONSONANT_ENDING_LATIN = "LMNRlmnr0136780";
    private static final String RIEUL_ENDING_LATIN = "LRlr178";

    private KoreanParticles() {
    }

    /**
     * @param particle the form used after a final consonant: 은, 이, 을, 과 or 으로
     * @throws IllegalArgumentException for any other particle
     */
    static String attach(String word, String particle) {
        String vowelForm = AFTER_VOWEL.get(particle);
        if (vowelForm == null) {
            throw new IllegalArgumentException("unknown particle: " + particle + "; known: " + AFTER_VOWEL.keySet());
        }
        char last = word.charAt(word.length() - 1);
        boolean consonant = endsWithConsonant(last);
        // 으로 is the one particle where ㄹ counts as a vowel: 서울로, not 서울으로.
        if (particle.equals("으로") && consonant && endsWithRieul(last)) {
            consonant = false;
        }
        return word + (consonant ? particle : vowelForm);
    }

    private static boolean endsWithConsonant(char c) {
        if (c >= FIRST_SYLLABLE && c <= LAST_SYLLABLE) {
            return (c - FIRST_SYLLABLE) % FINAL_CONSONANTS != 0;
        }
        return CONSONANT_ENDING_LATIN.indexOf(c) >= 0;
    }

    private static boolean endsWithRieul(char c) {
        if (c >= FIRST_SYLLABLE && c <= LAST_SYLLABLE) {
            return (c - FIRST_SYLLABLE) % FINAL_CONSONANTS == FINAL_RIEUL;
        }
        return RIEUL_ENDING_LATIN.indexOf(c) >= 0;
    }
}
