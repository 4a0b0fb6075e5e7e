package io.silgeom.core.text.filter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the model sees of a text. */
class TextFeaturesTest {
    @Test
    void normalisationFoldsWidthCaseMentionsUrlsEntitiesAndRepeats() {
        assertThat(TextFeatures.normalize("RT @mayasolovely: ＨＥＬＬＯ &amp; sooooo https://t.co/x1 ㅋㅋㅋㅋㅋ"))
                .isEqualTo(" rt @ hello sooo url \u110F\u110F\u110F "); // NFKC: compatibility jamo ㅋ → conjoining ᄏ
        assertThat(TextFeatures.normalize("!!! ...")).isEmpty();
    }

    @Test
    void wordsBigramsAndPaddedCharacterNgramsAreCounted() {
        // "ab cd": 2 words, 1 bigram, per word of length 2: 2 unigrams + 3 bigrams (" a","ab","b ") + 2 trigrams
        // + 1 four-gram (" ab ") = 8 char n-grams
        assertThat(new TextFeatures(20).indices("ab cd")).hasSize(2 + 1 + 2 * 8);
        assertThat(new TextFeatures(20).indices("")).isEmpty();
    }

    @Test
    void indicesStayInsideTheFeatureSpaceAndDoNotDependOnTheInstance() {
        int[] a = new TextFeatures(8).indices("욕설 없는 평범한 문장입니다 plain words");
        assertThat(java.util.Arrays.stream(a).allMatch(i -> i >= 0 && i < 256)).isTrue();
        assertThat(new TextFeatures(8).indices("욕설 없는 평범한 문장입니다 plain words")).containsExactly(a);
    }

    @Test
    void murmurHashMatchesTheReferenceImplementation() {
        // Reference values of MurmurHash3_x86_32 for the UTF-16LE bytes of the string, seed 0.
        assertThat(MurmurHash3.hash("", 0, 0, 0)).isZero();
        assertThat(MurmurHash3.hash("ab", 0, 2, 0)).isEqualTo(reference("ab"));
        assertThat(MurmurHash3.hash("abc", 0, 3, 0)).isEqualTo(reference("abc"));
    }

    /** A straightforward byte-wise MurmurHash3_x86_32 over UTF-16LE, written from the published algorithm. */
    private static int reference(String s) {
        byte[] data = s.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        int h = 0;
        int nblocks = data.length / 4;
        for (int i = 0; i < nblocks; i++) {
            int k = (data[4 * i] & 0xff) | (data[4 * i + 1] & 0xff) << 8 | (data[4 * i + 2] & 0xff) << 16
                    | (data[4 * i + 3] & 0xff) << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = nblocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[tail] & 0xff;
                k *= 0xcc9e2d51;
                k = Integer.rotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
