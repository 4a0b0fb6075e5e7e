package io.silgeom.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an article contributes to the counts: the keywords both views must agree on. */
class KeywordExtractorTest {
    private static KeywordExtractor extractor;

    @BeforeAll
    static void loadDictionaries() {
        extractor = KeywordExtractor.create();
    }

    private static Article article(String lang, String title, String body) {
        return new Article("a-1", Source.NEWS, "site", null, lang, Instant.parse("2024-05-01T01:00:00Z"), title, body, null);
    }

    /** canonical → display, sorted, for readable assertions. */
    private static TreeMap<String, String> keywords(String text) {
        return keywords(extractor.analyze(article(null, text, null)));
    }

    private static TreeMap<String, String> keywords(Analysis analysis) {
        return analysis.keywords().stream().collect(Collectors.toMap(Keyword::canonical, Keyword::display, (a, b) -> a, TreeMap::new));
    }

    @Test
    void theLanguageAloneIsTheLanguageTheFullAnalysisGives() {
        List<Article> articles = List.of(article(null, "삼성전자 주가가 급등했다", null),
                article(null, "Floods hit the coast", "Thousands evacuated"), article(null, "#BTS #방탄소년단", null),
                article("en", "삼성전자 주가", null), article("all", "Floods", null), article(null, "", "1234 !!"));
        for (Article a : articles) {
            assertThat(extractor.language(a)).as(a.title()).isEqualTo(extractor.analyze(a).lang());
        }
        assertThat(extractor.language(articles.get(0))).isEqualTo("ko");
        assertThat(extractor.language(articles.get(3))).isEqualTo("en");
    }

    @Test
    void companyNamesPeopleAndGroupsStayWhole() {
        assertThat(keywords("삼성전자 주가가 급등했다")).containsOnlyKeys("삼성전자", "주가", "급등");
        assertThat(keywords("방탄소년단이 빌보드 정상에 올랐다")).containsOnlyKeys("방탄소년단", "빌보드", "정상");
        assertThat(keywords("손흥민 선수")).containsKey("손흥민");
    }

    @Test
    void particlesEndingsVerbsAndSingleSyllableNounsAreDropped() {
        // 이/을 are particles, 넣었다 a verb, 골 a one-syllable noun.
        assertThat(keywords("손흥민이 골을 넣었다")).containsOnlyKeys("손흥민");
        assertThat(keywords("토트넘의 손흥민이 결승골을 넣었다고 구단이 밝혔다")).containsOnlyKeys("토트넘", "손흥민", "결승", "구단");
    }

    @Test
    void newsBoilerplateNounsAreStopwords() {
        assertThat(keywords("[종합] 기자 사진 오늘 이번 관련 때문에 것 수 등 뉴스")).isEmpty();
    }

    @Test
    void englishStopwordsGoPluralsFoldAndTheWrittenFormIsShown() {
        Map<String, String> k = keywords("Floods hit Queensland as the floods rise; Queensland's Premier said they would act");

        assertThat(k).containsOnlyKeys("flood", "hit", "queensland", "rise", "premier", "act");
        assertThat(k).containsEntry("queensland", "Queensland").containsEntry("premier", "Premier");
    }

    @Test
    void theDisplayFormIsTheSurfaceFormWrittenMostOftenInTheArticle() {
        assertThat(keywords("sandy SANDY Sandy Sandy's winds")).containsEntry("sandy", "Sandy");
        // A tie goes to the form written first.
        assertThat(keywords("Boston boston")).containsEntry("boston", "Boston");
    }

    @Test
    void shortAcronymsAndWordsInIsAreNotTakenForPlurals() {
        assertThat(keywords("BTS and SBS report the crisis in Paris")).containsOnlyKeys("bts", "sbs", "report", "crisis", "paris");
    }

    @Test
    void hashtagsAreKeywordsAsWrittenAndLinksAndMentionsAreNot() {
        Map<String, String> k = keywords("RT @bts_bighit: #BTS 컴백 #손흥민 http://t.co/abc www.example.com &amp; C# &#39;");

        assertThat(k).containsOnlyKeys("#bts", "#손흥민", "컴백");
        assertThat(k).containsEntry("#bts", "#BTS").containsEntry("#손흥민", "#손흥민");
    }

    @Test
    void latinWordsInKoreanTextAreKeywordsToo() {
        assertThat(keywords("방탄소년단(BTS) 신곡 공개")).containsOnlyKeys("방탄소년단", "bts", "신곡", "공개");
    }

    @Test
    void fullWidthLettersAreFoldedBeforeAnalysis() {
        assertThat(keywords("ＢＴＳ　컴백")).containsEntry("bts", "BTS");
    }

    @Test
    void aKeywordCountsOncePerArticleHoweverOftenItIsWritten() {
        Analysis a = extractor.analyze(article(null, "Flood flood FLOODS", "floods and more floods, flooding"));

        assertThat(a.keywords()).extracting(Keyword::canonical).containsExactlyInAnyOrder("flood", "flooding");
    }

    @Test
    void aLongArticleContributesAtMostTheCapTheMostFrequentFirst() {
        List<String> words = new ArrayList<>();
        for (char c1 = 'b'; c1 <= 'e'; c1++) {
            for (char c2 = 'a'; c2 <= 'z'; c2++) {
                words.add("zq" + c1 + c2);  // 104 distinct non-words
            }
        }
        String body = String.join(" ", words) + " " + "zqez zqey ".repeat(3);

        Analysis a = extractor.analyze(article("en", null, body));

        assertThat(a.keywords()).hasSize(KeywordExtractor.MAX_KEYWORDS_PER_ARTICLE);
        assertThat(a.keywords()).extracting(Keyword::canonical).contains("zqez", "zqey", "zqba").doesNotContain("zqex");
    }

    @Test
    void theLanguageIsTheArticlesOwnWhenItNamesOne() {
        assertThat(extractor.analyze(article("ja", "손흥민 골", null)).lang()).isEqualTo("ja");
        // Not a valid code: detected instead (the validator rejects such records; this guards direct callers).
        assertThat(extractor.analyze(article("ko-KR", "Hurricane Sandy", null)).lang()).isEqualTo("en");
        assertThat(extractor.analyze(article("all", "Hurricane Sandy", null)).lang()).isEqualTo("en");
    }

    @Test
    void theLanguageIsDetectedFromTheScriptOfTheLetters() {
        assertThat(extractor.analyze(article(null, "손흥민, 시즌 10호 골", null)).lang()).isEqualTo("ko");
        // Korean news with Latin names: 30% Hangul is enough.
        assertThat(extractor.analyze(article(null, "BTS·BLACKPINK, 빌보드 차트 동시 진입", null)).lang()).isEqualTo("ko");
        assertThat(extractor.analyze(article(null, "Hurricane Sandy hits New York http://t.co/x", null)).lang()).isEqualTo("en");
        assertThat(extractor.analyze(article(null, "東京オリンピック", null)).lang()).isEqualTo("und");
        assertThat(extractor.analyze(article(null, "2024 !!!", null)).lang()).isEqualTo("und");
        // A link full of Latin letters does not make a Korean post English.
        assertThat(extractor.analyze(article(null, "대박 https://www.example.com/some/very/long/english/path", null)).lang()).isEqualTo("ko");
    }

    @Test
    void theSameArticleAlwaysYieldsTheSameAnalysis() {
        Article a = article(null, "[속보] 삼성전자, 손흥민 광고 모델 발탁", "Samsung Electronics signs Son Heung-min #Samsung #손흥민");

        Analysis first = extractor.analyze(a);

        assertThat(extractor.analyze(a)).isEqualTo(first);
        assertThat(KeywordExtractor.create().analyze(a)).isEqualTo(first);
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        List<Article> articles = List.of(
                article(null, "삼성전자 주가가 급등했다", null), article(null, "Floods hit Queensland", null),
                article(null, "#BTS 컴백 방탄소년단", null), article(null, "Hurricane Sandy's winds in Boston", null));
        List<Analysis> expected = articles.stream().map(extractor::analyze).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<Analysis>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<Analysis> last = null;
                    for (int round = 0; round < 50; round++) {
                        last = articles.stream().map(extractor::analyze).toList();
                    }
                    return last;
                }));
            }
            for (Future<List<Analysis>> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aQueryTermGetsTheCanonicalFormTheArticlesWereCountedUnder() {
        assertThat(extractor.canonicalForm("Floods")).isEqualTo("flood");
        assertThat(extractor.canonicalForm(" #BTS ")).isEqualTo("#bts");
        assertThat(extractor.canonicalForm("손흥민")).isEqualTo("손흥민");
        assertThat(extractor.canonicalForm("Texas")).isEqualTo(keywords("Texas").firstKey());
        assertThat(extractor.canonicalForm("The")).isEqualTo("the");
    }
}
