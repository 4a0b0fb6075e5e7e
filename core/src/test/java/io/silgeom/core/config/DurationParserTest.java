package io.silgeom.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTest {
    @Test
    void readsTheShortFormsOperatorsWrite() {
        assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationParser.parse(" 2m ")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parse("6H")).isEqualTo(Duration.ofHours(6));
        assertThat(DurationParser.parse("7d")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void readsIso8601Too() {
        assertThat(DurationParser.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationParser.parse("pt1h30m")).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void rejectsAnythingElseWithTheAcceptedForms() {
        assertThatThrownBy(() -> DurationParser.parse("2 minutes"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a duration (use e.g. 500ms, 30s, 2m, 6h, 7d or PT2M): 2 minutes");
        assertThatThrownBy(() -> DurationParser.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsInTheLargestWholeUnitSoThatParseReadsItBack() {
        assertThat(DurationParser.format(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(DurationParser.format(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(DurationParser.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        for (Duration d : new Duration[] {Duration.ofMillis(50), Duration.ofSeconds(61), Duration.ofHours(25)}) {
            assertThat(DurationParser.parse(DurationParser.format(d))).isEqualTo(d);
        }
    }
}
