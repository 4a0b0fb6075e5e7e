package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The replay options fill their defaults and refuse contradictions with the option's name. */
class ReplayOptionsTest {

    @Test
    void theFormatComesFromTheFileNameUnlessGiven() {
        assertThat(ReplayOptions.builder(Path.of("a/reuters21578.tsv")).build().format()).isEqualTo(InputFormat.TSV);
        assertThat(ReplayOptions.builder(Path.of("tweets.csv.gz")).build().format()).isEqualTo(InputFormat.CSV);
        assertThat(ReplayOptions.builder(Path.of("dump.ndjson")).build().format()).isEqualTo(InputFormat.JSONL);
        assertThat(ReplayOptions.builder(Path.of("dump.txt")).format(InputFormat.TSV).build().format())
                .isEqualTo(InputFormat.TSV);
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("dump.txt")).build())
                .hasMessageContaining("--format jsonl|csv|tsv");
    }

    @Test
    void defaultsToShiftingTimesToNow() {
        ReplayOptions o = ReplayOptions.builder(Path.of("x.csv")).build();

        assertThat(o.timeShift()).isEqualTo(TimeShift.NOW);
        assertThat(o.needsEndAnchor()).isTrue();
        assertThat(o.fieldMap()).isEmpty();
    }

    @Test
    void speedupAndRateExcludeEachOther() {
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("x.csv")).speedup(10.0).rate(5.0).build())
                .hasMessageContaining("--speedup and --rate");
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("x.csv")).speedup(0.0).build())
                .hasMessageContaining("--speedup must be a positive number");
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("x.csv")).maxGap(Duration.ZERO).build())
                .hasMessageContaining("max gap");
    }

    @Test
    void aMapMustNameAnArticleFieldAndAColumn() {
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("x.csv")).map("headline=text").build())
                .hasMessageContaining("'headline' is not an article field")
                .hasMessageContaining("publishedAt");
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("x.csv")).map("title=").build())
                .hasMessageContaining("column name is empty");
        assertThatThrownBy(() -> ReplayOptions.builder(Path.of("x.csv")).map("title").build())
                .hasMessageContaining("field=column");
    }

    @Test
    void cliWordsParse() {
        assertThat(InputFormat.parse("JSONL")).isEqualTo(InputFormat.JSONL);
        assertThat(TimeShift.parse("none")).isEqualTo(TimeShift.NONE);
        assertThatThrownBy(() -> TimeShift.parse("later")).hasMessageContaining("now or none");
    }
}
