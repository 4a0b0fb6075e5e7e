package io.silgeom.speed.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApplyCallTest {
    private static final String GEN = "0";
    private static final SpeedRetention RETENTION = new SpeedRetention(Duration.ofDays(2), Duration.ofHours(6), Duration.ofDays(8));
    private static final Instant T = Instant.parse("2024-05-01T10:17:42Z");

    @Test
    void anArticleCountsEachKeywordUnderItsLeafSliceInItsHourAndMinuteAndOnceInTheDocsHash() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 3);
        batch.count(41, article("a1", Source.NEWS, T), analysis("ko", "선거", "대통령"));

        ApplyCall built = ApplyCall.build(batch, GEN, RETENTION, T.plusSeconds(60));
        ScriptArgs call = ScriptArgs.read(built);

        assertThat(call.offsetField()).isEqualTo("silgeom.articles:3");
        assertThat(call.lastOffset()).isEqualTo(41);
        assertThat(call.dedupeHorizonMs()).isEqualTo(Duration.ofDays(2).toMillis());
        Map<String, Long> bothKeywords = Map.of("선거", 1L, "대통령", 1L);
        assertThat(call.increments()).containsOnly(
                Map.entry("sg:s:0:h:2024050110:ko:news", bothKeywords),
                Map.entry("sg:s:0:m:202405011017:ko:news", bothKeywords),
                Map.entry("sg:s:0:docs:h:2024050110", Map.of("ko:news", 1L)),
                // its site's first mention of each keyword this hour: one voice each
                Map.entry("sg:s:0:voices:h:2024050110", bothKeywords));
        assertThat(call.markers()).containsOnly("sg:s:0:au:h:2024050110 s\tsite\t선거", "sg:s:0:au:h:2024050110 s\tsite\t대통령");
        assertThat(call.evidenceIds()).containsOnly(
                Map.entry("sg:s:0:ev:h:2024050110 선거", List.of("a1")), Map.entry("sg:s:0:ev:h:2024050110 대통령", List.of("a1")));
        assertThat(call.newSeen()).containsExactly("sg:s:0:seen:a1");
        assertThat(call.knownSeen()).isEmpty();
        assertThat(call.storedOffsetRead()).isEmpty();
        // the leaf is listed for readers, who sum leaves into roll-ups
        assertThat(call.leaves()).containsExactly("ko:news");
        assertThat(built.expected()).isEqualTo(new ApplyResult(false, 1, 0, 0, 0));
        // display forms equal to the canonical ones are not sent: readers fall back to the canonical form
        assertThat(call.display()).isEmpty();
    }

    @Test
    void bucketsAreUtcByEventTimeAndExpireAtTheirStartPlusRetention() {
        // 01:30 in Seoul is 16:30 UTC the day before: the buckets are named in UTC.
        Instant seoul = OffsetDateTime.parse("2024-05-01T01:30:15+09:00").toInstant();
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(7, article("a1", Source.SOCIAL, seoul), analysis("en", "fed"));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, seoul));

        assertThat(call.increments()).containsKeys("sg:s:0:h:2024043016:en:social", "sg:s:0:m:202404301630:en:social");
        assertThat(call.expireAtMs().get("sg:s:0:h:2024043016:en:social"))
                .isEqualTo(Instant.parse("2024-04-30T16:00:00Z").plus(Duration.ofDays(8)).toEpochMilli());
        assertThat(call.expireAtMs().get("sg:s:0:m:202404301630:en:social"))
                .isEqualTo(Instant.parse("2024-04-30T16:30:00Z").plus(Duration.ofHours(6)).toEpochMilli());
        assertThat(call.expireAtMs().get("sg:s:0:docs:h:2024043016"))
                .isEqualTo(Instant.parse("2024-04-30T16:00:00Z").plus(Duration.ofDays(8)).toEpochMilli());
    }

    @Test
    void eachKeyIsListedOnceHoweverManyArticlesUseIt() {
        // Three articles in the same minute, two of them copies of one id: 3 count hashes (the leaf's hour and
        // minute, the docs hash), the hour's markers,
        // voices and evidence hashes, 2 seen markers to set (the second copy of a1 is a duplicate of the first).
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(10, article("a1", Source.NEWS, T), analysis("ko", "선거"));
        batch.count(11, article("a2", Source.NEWS, T.plusSeconds(5)), analysis("ko", "선거", "투표"));
        batch.count(12, article("a1", Source.NEWS, T), analysis("ko", "선거"));

        ApplyCall built = ApplyCall.build(batch, GEN, RETENTION, T);

        assertThat(built.keys()).doesNotHaveDuplicates().hasSize(3 + 3 + 3 + 2);
        assertThat(built.keys().subList(0, 3)).containsExactly("sg:s:0:offsets", "sg:display", "sg:s:0:slices");
        ScriptArgs call = ScriptArgs.read(built);
        assertThat(call.newSeen()).containsExactly("sg:s:0:seen:a1", "sg:s:0:seen:a2");
        assertThat(call.increments().get("sg:s:0:h:2024050110:ko:news")).containsOnly(Map.entry("선거", 2L), Map.entry("투표", 1L));
        assertThat(built.expected()).isEqualTo(new ApplyResult(false, 2, 1, 0, 0));
        assertThat(call.lastOffset()).isEqualTo(12);
    }

    @Test
    void aMinuteBucketPastItsRetentionIsNotWrittenButTheHourStillIs() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, article("a1", Source.NEWS, T), analysis("ko", "선거"));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, T.plus(Duration.ofHours(7))));

        assertThat(call.increments().keySet()).noneMatch(k -> k.contains(":m:"));
        assertThat(call.increments()).containsKeys("sg:s:0:h:2024050110:ko:news", "sg:s:0:docs:h:2024050110");
    }

    @Test
    void anArticleOlderThanEveryRetentionOnlySetsItsSeenMarker() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, article("a1", Source.NEWS, T), analysis("ko", "선거"));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, T.plus(Duration.ofDays(9))));

        assertThat(call.increments()).isEmpty();
        assertThat(call.expireAtMs()).isEmpty();
        assertThat(call.newSeen()).containsExactly("sg:s:0:seen:a1");
    }

    @Test
    void anArticleWithoutKeywordsStillCountsAsADocumentOfItsHour() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, article("a1", Source.SOCIAL, T), new Analysis("und", Set.of()));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, T));

        assertThat(call.increments()).containsOnly(Map.entry("sg:s:0:docs:h:2024050110",
                Map.of("und:social", 1L)));
    }

    @Test
    void recordsThatAreNotCountedStillMoveTheOffset() {
        // An invalid record and a late one: nothing to count, but the stored offset must reach 6.
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 2);
        batch.pass(5);
        batch.pass(6);

        ApplyCall built = ApplyCall.build(batch, GEN, RETENTION, T);

        assertThat(built.keys()).containsExactly("sg:s:0:offsets", "sg:display", "sg:s:0:slices");
        // offset field, last offset, the stored offset read (none), horizon, evidence limits, then no hashes, seen
        // markers, marker checks or claims, sums, headlines, evidence candidates, display forms or leaves.
        assertThat(built.args()).containsExactly("silgeom.articles:2", "6", "", "172800000", "3", "2",
                "0", "0", "0", "0", "0", "0", "0", "0", "0", "0");
    }

    @Test
    void theFirstDisplayFormInOffsetOrderIsTheOneSent() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, article("a1", Source.NEWS, T), new Analysis("en", Set.of(new Keyword("samsung", "Samsung"))));
        batch.count(2, article("a2", Source.NEWS, T), new Analysis("en", Set.of(new Keyword("samsung", "SAMSUNG"))));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, T));

        assertThat(call.display()).containsExactly(Map.entry("samsung", "Samsung"));
        assertThat(call.increments().get("sg:s:0:h:2024050110:en:news")).containsExactly(Map.entry("samsung", 2L));
    }

    @Test
    void aSocialAuthorCountsOncePerKeywordLanguageAndHourHoweverManyPostsTheyWrite() {
        // Two posts by @kim in the same hour, both about the fed, and one by @lee: 2 authors, 2 counts.
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, post("p1", "kim", T), analysis("en", "fed", "rates"));
        batch.count(2, post("p2", "kim", T.plusSeconds(90)), analysis("en", "fed"));
        batch.count(3, post("p3", "lee", T.plusSeconds(120)), analysis("en", "fed"));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, T));

        assertThat(call.increments().get("sg:s:0:h:2024050110:en:social")).containsOnly(
                Map.entry("fed", 2L), Map.entry("rates", 1L));
        // The minute of kim's first post holds kim's count; kim's second post (10:19:12) adds nothing to its
        // minute, which holds lee's post (10:19:42) alone.
        assertThat(call.increments().get("sg:s:0:m:202405011017:en:social")).containsOnly(
                Map.entry("fed", 1L), Map.entry("rates", 1L));
        assertThat(call.increments().get("sg:s:0:m:202405011019:en:social")).containsOnly(Map.entry("fed", 1L));
        assertThat(call.increments()).doesNotContainKey("sg:s:0:h:2024050110:all:all");
        // every post is still a document of its hour; the voices are the distinct authors
        assertThat(call.increments().get("sg:s:0:docs:h:2024050110")).containsEntry("en:social", 3L);
        assertThat(call.increments().get("sg:s:0:voices:h:2024050110")).containsOnly(
                Map.entry("fed", 2L), Map.entry("rates", 1L));
    }

    @Test
    void evidenceOffersTheNewestArticlesOfEachKeywordAndHour() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        for (int i = 1; i <= 5; i++) {
            batch.count(i, article("a" + i, Source.NEWS, T.plusSeconds(i)), analysis("en", "fed"));
        }
        batch.count(6, article("old", Source.NEWS, T.minusSeconds(600)), analysis("en", "fed"));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, EvidenceLimits.DEFAULT, T));

        assertThat(call.evidenceIds()).containsOnly(Map.entry("sg:s:0:ev:h:2024050110 fed", List.of("a5", "a4", "a3")));
    }

    @Test
    void evidenceGoesOnlyToTheKeywordsTheBatchMentionsMost() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, article("a1", Source.NEWS, T), analysis("en", "fed", "rates"));
        batch.count(2, article("a2", Source.NEWS, T.plusSeconds(1)), analysis("en", "fed"));

        ScriptArgs call = ScriptArgs.read(ApplyCall.build(batch, GEN, RETENTION, new EvidenceLimits(3, 2, 1), T));

        assertThat(call.evidenceIds()).containsOnlyKeys("sg:s:0:ev:h:2024050110 fed");
    }

    @Test
    void whatRedisAlreadyHoldsDecidesWhatCountsAndIsListedForTheScriptToCheck() {
        // Redis holds partition 0 up to offset 10, a's seen marker, and kim's marker for "fed" this hour.
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(10, article("old", Source.NEWS, T), analysis("en", "fed"));
        batch.count(11, article("a", Source.NEWS, T), analysis("en", "fed"));
        batch.count(12, post("p1", "kim", T), analysis("en", "fed", "rates"));
        ViewState state = new ViewState("10", Set.of("sg:s:0:seen:a"),
                Map.of("sg:s:0:au:h:2024050110", Set.of("a\tkim\ten\tfed")));

        ApplyCall built = ApplyPlan.of(batch, GEN, RETENTION, EvidenceLimits.DEFAULT, T).call(state);
        ScriptArgs call = ScriptArgs.read(built);

        // offset 10 is applied already, a is a duplicate, kim counts for "rates" only
        assertThat(built.expected()).isEqualTo(new ApplyResult(false, 1, 1, 1, 1));
        assertThat(call.storedOffsetRead()).isEqualTo("10");
        assertThat(call.newSeen()).containsExactly("sg:s:0:seen:p1");
        assertThat(call.knownSeen()).containsExactly("sg:s:0:seen:a");
        assertThat(call.knownMarkers()).containsExactly("sg:s:0:au:h:2024050110 a\tkim\ten\tfed");
        assertThat(call.markers()).containsExactly("sg:s:0:au:h:2024050110 a\tkim\ten\trates");
        assertThat(call.increments().get("sg:s:0:h:2024050110:en:social")).containsOnly(Map.entry("rates", 1L));
        assertThat(call.increments().get("sg:s:0:voices:h:2024050110")).containsOnly(Map.entry("rates", 1L));
        assertThat(call.increments().get("sg:s:0:docs:h:2024050110")).containsOnly(Map.entry("en:social", 1L));
    }

    @Test
    void aSiteThatMentionedAKeywordBeforeAddsItsCountButNoNewVoice() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, article("a1", Source.NEWS, T), analysis("en", "fed", "rates"));
        ViewState state = new ViewState(null, Set.of(), Map.of("sg:s:0:au:h:2024050110", Set.of("s\tsite\tfed")));

        ScriptArgs call = ScriptArgs.read(ApplyPlan.of(batch, GEN, RETENTION, EvidenceLimits.DEFAULT, T).call(state));

        assertThat(call.increments().get("sg:s:0:h:2024050110:en:news")).containsOnly(Map.entry("fed", 1L), Map.entry("rates", 1L));
        assertThat(call.increments().get("sg:s:0:voices:h:2024050110")).containsOnly(Map.entry("rates", 1L));
        assertThat(call.knownMarkers()).containsExactly("sg:s:0:au:h:2024050110 s\tsite\tfed");
    }

    @Test
    void aHeadlineIsTheTitleOrForAPostWithoutOneItsTextCut() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.count(1, new Article("p1", Source.SOCIAL, "x", "kim", null, T, null, "y".repeat(500), "https://x.com/p1"),
                analysis("en", "y"));

        String headline = ApplyCall.headline(batch.articles().get(0));

        assertThat(headline).startsWith("{\"id\":\"p1\",\"title\":\"" + "y".repeat(ApplyCall.HEADLINE_CHARS) + "…\"")
                .contains("\"url\":\"https://x.com/p1\"", "\"site\":\"x\"", "\"publishedAt\":\"2024-05-01T10:17:42Z\"");
    }

    @Test
    void aBatchTakesOffsetsInIncreasingOrderOnly() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        batch.pass(5);
        assertThatThrownBy(() -> batch.pass(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 5 of silgeom.articles:0 does not follow the last one added (5)");
        assertThatThrownBy(() -> ApplyCall.build(new PartitionBatch("silgeom.articles", 1), GEN, RETENTION, T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nothing to apply");
    }

    @Test
    void aLanguageThatIsNotASliceIsRejectedBeforeItReachesTheBatch() {
        PartitionBatch batch = new PartitionBatch("silgeom.articles", 0);
        assertThatThrownBy(() -> batch.count(1, article("a1", Source.NEWS, T), analysis("zh-Hant", "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(batch.isEmpty()).isTrue();
    }

    static Article article(String id, Source source, String site, Instant publishedAt) {
        return new Article(id, source, site, null, null, publishedAt, "title " + id, null, null);
    }

    static Article article(String id, Source source, Instant publishedAt) {
        return new Article(id, source, "site", null, null, publishedAt, "title " + id, null, null);
    }

    static Article post(String id, String author, Instant publishedAt) {
        return new Article(id, Source.SOCIAL, "x", author, null, publishedAt, null, "post " + id, null);
    }

    static Analysis analysis(String lang, String... canonical) {
        Set<Keyword> keywords = Arrays.stream(canonical).map(c -> new Keyword(c, c))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new Analysis(lang, keywords);
    }
}
