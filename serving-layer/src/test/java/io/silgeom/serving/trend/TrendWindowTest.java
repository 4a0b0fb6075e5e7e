package io.silgeom.serving.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A trend window: the API's short names and any ISO-8601 duration from 1 minute to 7 days. */
class TrendWindowTest {

    @Test
    void theShortNamesTheDashboardUsesAreRead() {
        assertThat(TrendWindow.parse("5m").length()).isEqualTo(Duration.ofMinutes(5));
        assertThat(TrendWindow.parse("1h").length()).isEqualTo(Duration.ofHours(1));
        assertThat(TrendWindow.parse("24h").length()).isEqualTo(Duration.ofHours(24));
        assertThat(TrendWindow.parse("90m").label()).isEqualTo("90m");
        assertThat(TrendWindow.parse("7d").length()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void anyIsoDurationFromOneMinuteToSevenDaysIsAWindow() {
        assertThat(TrendWindow.parse("PT30M").label()).isEqualTo("30m");
        assertThat(TrendWindow.parse("PT2H").label()).isEqualTo("2h");
        assertThat(TrendWindow.parse("P1D").label()).isEqualTo("24h");
        assertThat(TrendWindow.parse("p2d").label()).isEqualTo("2d");
        assertThat(TrendWindow.parse("P1DT12H").label()).isEqualTo("36h");
        assertThat(TrendWindow.parse("PT1M").label()).isEqualTo("1m");
        assertThat(TrendWindow.parse("P7D").label()).isEqualTo("7d");
        // The label reads back as the same window: snapshot ids and the "window" field can be sent again.
        for (String w : new String[] {"PT1M", "PT90M", "PT6H", "P1D", "P1DT12H", "P7D"}) {
            TrendWindow window = TrendWindow.parse(w);
            assertThat(TrendWindow.parse(window.label())).as(w).isEqualTo(window);
        }
    }

    @Test
    void minuteBucketsUpToSixHoursHourBucketsAboveIncludingEveryMultiDayWindow() {
        assertThat(TrendWindow.parse("5m").usesMinuteBuckets()).isTrue();
        assertThat(TrendWindow.parse("6h").usesMinuteBuckets()).isTrue();
        assertThat(TrendWindow.parse("PT7H").usesMinuteBuckets()).isFalse();
        assertThat(TrendWindow.parse("24h").usesMinuteBuckets()).isFalse();
        assertThat(TrendWindow.parse("P7D").usesMinuteBuckets()).isFalse();
        assertThat(TrendWindow.parse("PT90M").hoursSpanned()).isEqualTo(2);
        assertThat(TrendWindow.parse("P3D").hoursSpanned()).isEqualTo(72);
    }

    @Test
    void tooShortTooLongUnevenOrMalformedIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> TrendWindow.parse("30s")).hasMessageContaining("between 1m and 7d").hasMessageContaining("30s");
        assertThatThrownBy(() -> TrendWindow.parse("PT59S")).hasMessageContaining("between 1m and 7d");
        assertThatThrownBy(() -> TrendWindow.parse("P7DT1H")).hasMessageContaining("between 1m and 7d").hasMessageContaining("169h");
        assertThatThrownBy(() -> TrendWindow.parse("P8D")).hasMessageContaining("between 1m and 7d");
        assertThatThrownBy(() -> TrendWindow.parse("PT-5M")).hasMessageContaining("between 1m and 7d");
        assertThatThrownBy(() -> TrendWindow.parse("PT90S")).hasMessageContaining("whole minutes");
        assertThatThrownBy(() -> TrendWindow.parse("390m")).hasMessageContaining("whole hours");
        assertThatThrownBy(() -> TrendWindow.parse("P1DT30M")).hasMessageContaining("whole hours");
        assertThatThrownBy(() -> TrendWindow.parse("P1W")).hasMessageContaining("not a duration").hasMessageContaining("P1W");
        assertThatThrownBy(() -> TrendWindow.parse("7x")).hasMessageContaining("7x");
    }
}
