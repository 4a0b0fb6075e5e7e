package io.silgeom.serving.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.redis.Slice;
import io.silgeom.serving.merge.SeriesStep;
import io.silgeom.serving.trend.TrendWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiParamsTest {
    private static final Instant NOW = Instant.parse("2024-05-02T12:30:00Z");

    @Test
    void absentParametersTakeTheirDefaults() {
        assertThat(ApiParams.window(null)).isEqualTo(TrendWindow.DEFAULT);
        assertThat(ApiParams.slice(null, "")).isEqualTo(Slice.TOTAL);
        assertThat(ApiParams.intInRange("limit", null, 20, 1, 100)).isEqualTo(20);
        assertThat(ApiParams.step(null)).isEqualTo(SeriesStep.HOUR);
        assertThat(ApiParams.instant("to", null, NOW)).isEqualTo(NOW);
    }

    @Test
    void goodValuesAreRead() {
        assertThat(ApiParams.window("5m").label()).isEqualTo("5m");
        assertThat(ApiParams.window(" PT30M ").label()).isEqualTo("30m");
        assertThat(ApiParams.window("P7D").label()).isEqualTo("7d");
        assertThat(ApiParams.slice("KO", "news")).isEqualTo(new Slice("ko", "news"));
        assertThat(ApiParams.step("p1d")).isEqualTo(SeriesStep.DAY);
        assertThat(ApiParams.instant("from", "2024-05-02T21:30+09:00", null)).isEqualTo(NOW);
        assertThat(ApiParams.keyword(" Samsung ")).isEqualTo("samsung");
        assertThat(ApiParams.keyword("손흥민")).isEqualTo("손흥민");
    }

    @Test
    void everyBadValueIsNamedWithItsParameter() {
        assertThatThrownBy(() -> ApiParams.window("7x"))
                .isInstanceOf(BadParameterException.class).hasMessageStartingWith("window: '7x' is not a window");
        assertThatThrownBy(() -> ApiParams.window("30s")).hasMessageStartingWith("window: '30s' is not a window of 1m to 7d");
        assertThatThrownBy(() -> ApiParams.window("P8D")).hasMessageStartingWith("window: 'P8D' is not a window of 1m to 7d");
        assertThatThrownBy(() -> ApiParams.window("P1Y")).hasMessageStartingWith("window: 'P1Y'");
        assertThatThrownBy(() -> ApiParams.intInRange("limit", "abc", 20, 1, 100))
                .hasMessage("limit: 'abc' is not a whole number");
        assertThatThrownBy(() -> ApiParams.intInRange("limit", "500", 20, 1, 100))
                .hasMessage("limit: '500' must be between 1 and 100");
        assertThatThrownBy(() -> ApiParams.slice("korean", null)).hasMessageStartingWith("lang: 'korean' must be");
        assertThatThrownBy(() -> ApiParams.slice(null, "blogs")).hasMessage("source: 'blogs' must be all, news or social");
        assertThatThrownBy(() -> ApiParams.step("PT5M")).hasMessage("step: 'PT5M' must be PT1M, PT1H or P1D");
        assertThatThrownBy(() -> ApiParams.instant("from", "yesterday", null))
                .hasMessageStartingWith("from: 'yesterday' is not an ISO-8601 time");
        assertThatThrownBy(() -> ApiParams.keyword(" ")).hasMessageStartingWith("keyword: ' ' must be");
    }

    @Test
    void rangesMustBeOrderedBoundedAndNotTooFine() {
        Instant from = NOW.minus(Duration.ofDays(40));
        assertThatThrownBy(() -> ApiParams.range("b", NOW, "a", NOW.minusSeconds(1), Duration.ofDays(31)))
                .hasMessage("from: 'b' must be before to (a)");
        assertThatThrownBy(() -> ApiParams.range("x", from, "y", NOW, Duration.ofDays(31)))
                .hasMessage("to: 'y' makes a range longer than serving.max.range 31d from x");
        assertThatThrownBy(() -> ApiParams.points(NOW.minus(Duration.ofDays(7)), NOW, SeriesStep.MINUTE))
                .hasMessageStartingWith("step: 'PT1M' gives 10080 points");
        ApiParams.points(NOW.minus(Duration.ofDays(7)), NOW, SeriesStep.HOUR);
    }
}
