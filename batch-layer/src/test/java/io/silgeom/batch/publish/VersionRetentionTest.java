package io.silgeom.batch.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionRetentionTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void theNewestKeepPublishedVersionsStayWhateverTheirAge() {
        VersionRetention r = new VersionRetention(2, Duration.ZERO);
        Map<String, Instant> published = Map.of("v4", NOW, "v3", NOW.minusSeconds(7200), "v2", NOW.minusSeconds(9000),
                "v1", NOW.minusSeconds(99_000));

        assertThat(r.toDelete("v4", List.of("v1", "v2", "v3", "v4"), published, NOW)).containsExactly("v1", "v2");
    }

    @Test
    void anOlderVersionWaitsUntilItsSuccessorHasBeenCurrentForTheGracePeriod() {
        VersionRetention r = new VersionRetention(2, Duration.ofMinutes(10));
        // v2 was replaced by v3 five minutes ago: a reader may still hold it. v1 was replaced by v2 an hour ago.
        Map<String, Instant> published = Map.of("v4", NOW, "v3", NOW.minus(Duration.ofMinutes(5)),
                "v2", NOW.minus(Duration.ofHours(1)), "v1", NOW.minus(Duration.ofHours(2)));

        assertThat(r.toDelete("v4", List.of("v1", "v2", "v3", "v4"), published, NOW)).containsExactly("v1");
    }

    @Test
    void unpublishedOlderVersionsGoAndNewerOnesStay() {
        VersionRetention r = new VersionRetention(3, Duration.ofMinutes(10));
        Map<String, Instant> published = Map.of("v4", NOW, "v2", NOW.minus(Duration.ofDays(1)));

        // v3 failed (never published): nobody read it. v5 sorts after the current one: a load in progress.
        assertThat(r.toDelete("v4", List.of("v2", "v3", "v4", "v5"), published, NOW)).containsExactly("v3");
    }
}
