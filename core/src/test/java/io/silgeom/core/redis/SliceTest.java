package io.silgeom.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SliceTest {
    @Test
    void oneArticleCountsInItsSliceBothPartialRollUpsAndTheTotal() {
        assertThat(Slice.rollUps("ko", "news")).extracting(Slice::toString)
                .containsExactly("ko:news", "ko:all", "all:news", "all:all");
        assertThat(Slice.TOTAL.toString()).isEqualTo("all:all");
    }

    @Test
    void aRollUpSumsTheLeavesItCoversAndOnlyThose() {
        Slice koNews = Slice.leaf("ko", "news");
        Slice koSocial = Slice.leaf("ko", "social");
        Slice enNews = Slice.leaf("en", "news");
        java.util.List<Slice> leaves = java.util.List.of(koNews, koSocial, enNews);

        assertThat(Slice.TOTAL.coveredLeaves(leaves)).containsExactly(koNews, koSocial, enNews);
        assertThat(new Slice("ko", "all").coveredLeaves(leaves)).containsExactly(koNews, koSocial);
        assertThat(new Slice("all", "news").coveredLeaves(leaves)).containsExactly(koNews, enNews);
        assertThat(enNews.coveredLeaves(leaves)).containsExactly(enNews);
        assertThat(new Slice("ja", "all").coveredLeaves(leaves)).isEmpty();
        assertThatThrownBy(() -> Slice.TOTAL.coveredLeaves(java.util.List.of(Slice.TOTAL)))
                .hasMessageContaining("not a leaf");
    }

    @Test
    void aLeafNamesOneLanguageAndOneSourceAndParsesBackFromItsName() {
        assertThat(Slice.leaf("und", "social").isLeaf()).isTrue();
        assertThat(new Slice("ko", "all").isLeaf()).isFalse();
        assertThatThrownBy(() -> Slice.leaf("all", "news")).hasMessageContaining("leaf");
        assertThat(Slice.parse("en:news")).isEqualTo(Slice.leaf("en", "news"));
        assertThatThrownBy(() -> Slice.parse("en")).hasMessageContaining("lang:source");
        assertThatThrownBy(() -> Slice.parse("en:news:x")).hasMessageContaining("lang:source");
    }

    @Test
    void theSpeedViewsListOfLeavesIsReadSortedAndHoldsLeavesOnly() {
        assertThat(Slice.parseLeaves(java.util.Set.of("ko:news", "en:social", "en:news")))
                .extracting(Slice::toString).containsExactly("en:news", "en:social", "ko:news");
        assertThatThrownBy(() -> Slice.parseLeaves(java.util.List.of("ko:news", "all:news"))).hasMessageContaining("not a leaf");
        assertThatThrownBy(() -> Slice.parseLeaves(java.util.List.of("ko"))).hasMessageContaining("lang:source");
    }

    @Test
    void rejectsValuesThatWouldCorruptKeyNames() {
        assertThatThrownBy(() -> new Slice("ko:x", "news")).hasMessageContaining("lang");
        assertThatThrownBy(() -> new Slice("ko", "blog")).hasMessageContaining("source");
    }

    @Test
    void keyNamesOfBothViewsDifferOnlyInTheirPrefix() {
        Slice s = new Slice("en", "social");
        assertThat(RedisKeys.speedHour("0", "2024050110", s)).isEqualTo("sg:s:0:h:2024050110:en:social");
        assertThat(RedisKeys.batchHour("v1", "2024050110", s)).isEqualTo("sg:b:v1:h:2024050110:en:social");
        assertThatThrownBy(() -> RedisKeys.batchHour("v:1", "2024050110", s)).hasMessageContaining("version");
    }
}
