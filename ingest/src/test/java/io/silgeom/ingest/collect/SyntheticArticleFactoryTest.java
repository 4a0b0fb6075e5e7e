package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Keyword frequencies follow a Zipf law; the keywords an article is said to mention are in its text. */
class SyntheticArticleFactoryTest {
    private static final Instant T = Instant.parse("2026-11-25T03:00:00Z");
    private final SyntheticVocabulary vocabulary = SyntheticVocabulary.get();
    private final SyntheticArticleFactory factory = new SyntheticArticleFactory(vocabulary, GeneratorFixtures.flat(1));

    @Test
    void theTopTopicIsFarMoreFrequentThanTheTwentieth() {
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            factory.create(random, "a" + i, T, null).keywords().forEach(k -> counts.merge(k, 1, Integer::sum));
        }

        int top = counts.getOrDefault(vocabulary.koTopics.get(0), 0);
        int twentieth = counts.getOrDefault(vocabulary.koTopics.get(19), 0);
        // Zipf with exponent 1.1 predicts a ratio of 20^1.1 ≈ 27 for the topic draw alone.
        assertThat(twentieth).isPositive();
        assertThat((double) top / twentieth).isGreaterThan(8);
        int topEntity = counts.getOrDefault(vocabulary.koEntities.get(0), 0);
        int twentiethEntity = counts.getOrDefault(vocabulary.koEntities.get(19), 0);
        assertThat((double) topEntity / Math.max(1, twentiethEntity)).isGreaterThan(8);
    }

    @Test
    void everyKeywordAnArticleClaimsIsInItsText() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2_000; i++) {
            SyntheticArticle a = factory.create(random, "a" + i, T, null);
            // Ignoring case: a headline or sentence may start with "The Fed" for the entity "the Fed".
            assertThat(a.keywords()).isNotEmpty().allSatisfy(k -> assertThat(a.article().text()).containsIgnoringCase(k));
        }
    }

    @Test
    void koreanParticlesFitTheWordsLastSound() {
        assertThat(KoreanParticles.attach("삼성전자", "은")).isEqualTo("삼성전자는");
        assertThat(KoreanParticles.attach("국회", "은")).isEqualTo("국회는");
        assertThat(KoreanParticles.attach("손흥민", "은")).isEqualTo("손흥민은");
        assertThat(KoreanParticles.attach("태풍", "이")).isEqualTo("태풍이");
        assertThat(KoreanParticles.attach("부동산", "을")).isEqualTo("부동산을");
        assertThat(KoreanParticles.attach("서울", "으로")).isEqualTo("서울로");
        assertThat(KoreanParticles.attach("KT", "은")).isEqualTo("KT는");
        assertThat(KoreanParticles.attach("T1", "과")).isEqualTo("T1과");
    }

    @Test
    void hashtagsJoinEnglishWordsInCamelCaseAndKoreanWordsAsTheyAre() {
        assertThat(SyntheticArticleFactory.hashtag("World Series", false)).isEqualTo("#WorldSeries");
        assertThat(SyntheticArticleFactory.hashtag("the dollar", false)).isEqualTo("#dollar");
        assertThat(SyntheticArticleFactory.hashtag("의대 증원", true)).isEqualTo("#의대증원");
    }

    @Test
    void theVocabularyHasSeveralHundredWordsIncludingTheWellKnownNames() {
        assertThat(vocabulary.koEntities.size() + vocabulary.koTopics.size()).isGreaterThan(300);
        assertThat(vocabulary.enEntities.size() + vocabulary.enTopics.size()).isGreaterThan(250);
        assertThat(vocabulary.koEntities).contains("삼성전자", "손흥민", "방탄소년단", "국회", "대통령", "뉴진스");
        assertThat(vocabulary.koTopics).contains("부동산", "환율", "태풍", "선거", "아이폰", "코스피");
        assertThat(vocabulary.enTopics).contains("World Series");
        assertThat(vocabulary.enCompanies).contains("Apple", "Samsung").doesNotContain("the Fed");
        assertThat(vocabulary.koNewsBodies).as("three distinct sentences per body").hasSizeGreaterThanOrEqualTo(3);
        assertThat(vocabulary.enNewsBodies).hasSizeGreaterThanOrEqualTo(3);
    }
}
