package io.silgeom.speed.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.view.BatchCutoff;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RebuildStartTest {
    private static final String TOPIC = "silgeom.articles";
    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    private static Optional<BatchCutoff> batch(Map<String, Long> offsets) {
        return Optional.of(new BatchCutoff("v1", T, T.plusSeconds(600), offsets));
    }

    @Test
    void withNoBatchViewEveryPartitionIsReadFromItsEarliestOffset() {
        assertThat(RebuildStart.offsets(TOPIC, Optional.empty(), Map.of(0, 0L, 1, 7L), Map.of(0, 40L)))
                .isEqualTo(Map.of(0, 0L, 1, 7L));
    }

    @Test
    void startsAtTheBatchOffsetWhenEveryRecordBeforeItIsOlderThanTheCutoffMinusTheFutureTolerance() {
        // Partition 0: the first record stamped >= T - 5 min is past the batch offset; partition 1 has none at all.
        assertThat(RebuildStart.offsets(TOPIC, batch(Map.of(TOPIC + ":0", 100L, TOPIC + ":1", 50L)),
                Map.of(0, 0L, 1, 0L), Map.of(0, 120L)))
                .isEqualTo(Map.of(0, 100L, 1, 50L));
    }

    @Test
    void startsBeforeTheBatchOffsetWhenArchivedRecordsMayHoldArticlesAtOrAfterTheCutoff() {
        // Records 80..99 were archived by the run, but an article in them may be of hour T: the batch view left it out.
        assertThat(RebuildStart.offsets(TOPIC, batch(Map.of(TOPIC + ":0", 100L)), Map.of(0, 0L), Map.of(0, 80L)))
                .isEqualTo(Map.of(0, 80L));
        assertThat(RebuildStart.timestampBound(batch(Map.of()).orElseThrow()))
                .isEqualTo(Instant.parse("2026-11-25T09:55:00Z"));
    }

    @Test
    void aPartitionTheBatchViewDoesNotNameIsReadFromItsEarliestOffsetAndNothingStartsBeforeWhatKafkaHolds() {
        assertThat(RebuildStart.offsets(TOPIC, batch(Map.of(TOPIC + ":0", 100L)), Map.of(0, 150L, 1, 3L), Map.of(1, 9L)))
                .isEqualTo(Map.of(0, 150L, 1, 3L));
    }
}
