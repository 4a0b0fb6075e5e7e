package io.silgeom.core.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.view.BatchCutoff;
import org.junit.jupiter.api.Test;

class RedisKeysTest {

    @Test
    void aSpeedViewThatWasNeverSwitchedIsTheInitialGeneration() {
        assertThat(RedisKeys.speedGeneration(null)).isEqualTo(RedisKeys.INITIAL_SPEED_GENERATION);
        assertThat(RedisKeys.speedGeneration("  ")).isEqualTo(RedisKeys.INITIAL_SPEED_GENERATION);
    }

    @Test
    void aSwitchedGenerationIsReadTrimmedSoEveryLayerNamesTheSameKeys() {
        assertThat(RedisKeys.speedGeneration("g7\n")).isEqualTo("g7");
        assertThat(RedisKeys.speedOffsets(RedisKeys.speedGeneration(" g7 "))).isEqualTo(RedisKeys.speedOffsets("g7"));
    }

    @Test
    void theSpeedViewsOffsetFieldIsTheBatchCutoffsPartitionKey() {
        // A rebuild looks its own offset field up in the published cutoff's offsets: the two forms must not drift.
        assertThat(RedisKeys.offsetField("silgeom.articles", 3))
                .isEqualTo(BatchCutoff.partitionKey("silgeom.articles", 3))
                .isEqualTo("silgeom.articles:3");
    }
}
