package io.silgeom.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {
    private final List<String> closed = new ArrayList<>();

    @Test
    void closesInReverseStartOrderAndEveryStepRunsEvenAfterFailures() {
        ShutdownSequence sequence = new ShutdownSequence();
        // Kafka and Redis start first, the services on top of them later.
        sequence.track(recorder("kafka"));
        sequence.track(recorder("redis"));
        sequence.track(failing("speed consumer", new IOException("commit failed")));
        sequence.track(failing("web server", new IllegalStateException("port stuck")));

        // Closing stops the web server first and Kafka last, though two of them throw on the way.
        assertThatThrownBy(sequence::close)
                .isInstanceOf(StackShutdownException.class)
                .hasMessageContaining("port stuck")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
                        .satisfies(s -> assertThat(s).hasMessage("commit failed")));
        assertThat(closed).containsExactly("web server", "speed consumer", "redis", "kafka");

        // A second close (the shutdown hook after try-with-resources) has nothing left to do.
        assertThatCode(sequence::close).doesNotThrowAnyException();
        assertThat(closed).hasSize(4);
    }

    @Test
    void trackReturnsWhatItWasGivenSoStartAndTrackReadAsOneLine() {
        ShutdownSequence sequence = new ShutdownSequence();
        AutoCloseable service = recorder("archiver");

        assertThat(sequence.track(service)).isSameAs(service);
        sequence.close();
        assertThat(closed).containsExactly("archiver");
    }

    private AutoCloseable recorder(String name) {
        return () -> closed.add(name);
    }

    private AutoCloseable failing(String name, Exception failure) {
        return () -> {
            closed.add(name);
            throw failure;
        };
    }
}
