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
