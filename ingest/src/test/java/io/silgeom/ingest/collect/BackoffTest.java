package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromTheInitialWaitUpToTheMax() {
        Backoff b = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(b.after(0)).isZero();
        assertThat(b.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.after(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(b.after(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(b.after(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.after(10_000)).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessage("max back-off PT1M is below the initial PT2M");
    }
}
