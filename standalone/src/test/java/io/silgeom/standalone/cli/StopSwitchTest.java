package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class StopSwitchTest {
    private final AtomicInteger stops = new AtomicInteger();

    @Test
    void aStopRunsTheActionAndReleasesTheWaiter() throws InterruptedException {
        try (StopSwitch stop = new StopSwitch("test-stop")) {
            stop.onStop(stops::incrementAndGet);
            assertThat(stop.await(Duration.ZERO)).isFalse();

            stop.stop();

            assertThat(stops).hasValue(1);
            assertThat(stop.stopRequested()).isTrue();
            assertThat(stop.await(Duration.ZERO)).isTrue();
        }
    }

    @Test
    void aStopBeforeTheActionIsKnownRunsItAsSoonAsItIs() {
        // Ctrl-C while the publisher was still connecting: the replay must stop as soon as it exists.
        try (StopSwitch stop = new StopSwitch("test-stop")) {
            stop.stop();

            stop.onStop(stops::incrementAndGet);

            assertThat(stops).hasValue(1);
        }
    }
}
