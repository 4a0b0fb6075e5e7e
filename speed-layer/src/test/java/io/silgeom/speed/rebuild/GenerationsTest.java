package io.silgeom.speed.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GenerationsTest {
    @Test
    void aNewGenerationIsTheTimeInMillisMovedPastTheCurrentOneAndAnyThatHasKeys() {
        assertThat(Generations.next("0", 1_700_000_000_000L, g -> false)).isEqualTo("1700000000000");
        assertThat(Generations.next("1700000000000", 1_700_000_000_000L, Set.of("1700000000001")::contains))
                .isEqualTo("1700000000002");
    }
}
