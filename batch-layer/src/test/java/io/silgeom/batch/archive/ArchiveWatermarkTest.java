package io.silgeom.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The watermark: the slowest lagging partition decides; a caught-up partition goes by arrival time. */
class ArchiveWatermarkTest {
    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final ArchiveWatermark watermark = new ArchiveWatermark();

    @Test
    void aReplayIsHeldBackByItsSlowestPartition() {
        watermark.advance(P0, Instant.parse("2024-05-01T09:30:00Z"));
        watermark.advance(P1, Instant.parse("2024-05-01T08:10:00Z"));
        watermark.advance(P1, Instant.parse("2024-05-01T07:00:00Z")); // an older record does not move it back

        assertThat(watermark.current(List.of(P0, P1), tp -> false, NOW)).hasValue(Instant.parse("2024-05-01T08:10:00Z"));
    }

    @Test
    void aLaggingPartitionThatArchivedNothingYetLeavesTheWatermarkUnknown() {
        watermark.advance(P0, Instant.parse("2024-05-01T09:30:00Z"));

        assertThat(watermark.current(List.of(P0, P1), tp -> false, NOW)).isEmpty();
        assertThat(watermark.current(List.of(), tp -> true, NOW)).isEmpty();
    }

    @Test
    void anIdlePartitionDoesNotBlockItCountsAsNow() {
        watermark.advance(P0, Instant.parse("2024-05-01T09:30:00Z"));

        // P1 never had a record but is caught up: arrival time stands in for it, so P0 (lagging) decides.
        assertThat(watermark.current(List.of(P0, P1), Set.of(P1)::contains, NOW)).hasValue(Instant.parse("2024-05-01T09:30:00Z"));
        // Both caught up: now; an event time in the (allowed) future is kept.
        assertThat(watermark.current(List.of(P0, P1), tp -> true, NOW)).hasValue(NOW);
        watermark.advance(P0, NOW.plusSeconds(120));
        watermark.advance(P1, NOW.plusSeconds(60));
        assertThat(watermark.current(List.of(P0, P1), tp -> true, NOW)).hasValue(NOW.plusSeconds(60));
    }

    @Test
    void revokedPartitionsAreForgotten() {
        watermark.advance(P1, Instant.parse("2024-05-01T08:10:00Z"));
        watermark.forget(List.of(P1));

        assertThat(watermark.current(List.of(P1), tp -> false, NOW)).isEmpty();
    }
}
