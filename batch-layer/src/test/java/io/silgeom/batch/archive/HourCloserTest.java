package io.silgeom.batch.archive;

import static io.silgeom.batch.archive.TestRecords.TOPIC;
import static io.silgeom.batch.archive.TestRecords.article;
import static io.silgeom.batch.archive.TestRecords.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.validation.ArticleValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which hours get {@code _SUCCESS}, and that closing is incremental and survives a restart (local filesystem). */
class HourCloserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-03T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    private FileSystem fs;
    private HdfsLayout layout;

    @BeforeEach
    void setUp() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        layout = HdfsLayout.of(tmp.toUri().toString());
        // Articles on May 1st at 09:xx and 22:xx, none on May 2nd.
        new ArchiveWriter(fs, layout, ArticleValidator.withDefaults(), CLOCK).write(List.of(
                article(0, 0, "a", "2024-05-01T09:10:00Z", "2024-05-01T09:11:00Z"),
                article(0, 1, "b", "2024-05-01T22:10:00Z", "2024-05-01T22:11:00Z")));
    }

    @Test
    void anHourClosesOnceTheWatermarkPassedItsEndPlusTheLateness() throws IOException {
        HourCloser closer = new HourCloser(fs, layout, TOPIC, Duration.ofHours(1));

        // 11:59:59: hour 09 ends at 10:00, plus 1 h = 11:00 <= W; hour 10 would need W >= 12:00.
        List<Instant> closed = closer.closeUpTo(Instant.parse("2024-05-01T11:59:59Z"));

        assertThat(closed).hasSize(10).startsWith(Instant.parse("2024-05-01T00:00:00Z")).endsWith(Instant.parse("2024-05-01T09:00:00Z"));
        assertThat(flags()).containsExactlyElementsOf(hours(0, 9));
        assertThat(closer.isClosed(Instant.parse("2024-05-01T09:59:00Z"))).isTrue();
        assertThat(closer.isClosed(Instant.parse("2024-05-01T10:00:00Z"))).isFalse();
        assertThat(closer.closeUpTo(Instant.parse("2024-05-01T11:59:59Z"))).isEmpty(); // nothing new
    }

    @Test
    void emptyHoursOfADayWithDataAreFlaggedDaysWithoutDataAreNot() throws IOException {
        HourCloser closer = new HourCloser(fs, layout, TOPIC, Duration.ofHours(1));
        closer.closeUpTo(Instant.parse("2024-05-01T11:00:00Z"));

        // Later, after a restart (a new closer reads the marker): the rest of May 1st; May 2nd has no directory.
        HourCloser restarted = new HourCloser(fs, layout, TOPIC, Duration.ofHours(1));
        assertThat(restarted.closedThrough()).hasValue(Instant.parse("2024-05-01T09:00:00Z"));
        List<Instant> closed = restarted.closeUpTo(Instant.parse("2024-05-02T20:00:00Z"));

        assertThat(closed).hasSize(14).startsWith(Instant.parse("2024-05-01T10:00:00Z")).endsWith(Instant.parse("2024-05-01T23:00:00Z"));
        assertThat(flags()).containsExactlyElementsOf(hours(0, 23));
        assertThat(files(tmp.resolve("raw/_offsets"))).containsExactly("silgeom.articles/0/1", "silgeom.articles/_closed-2024050218");
        assertThat(restarted.isClosed(Instant.parse("2024-05-02T18:30:00Z"))).isTrue();
    }

    @Test
    void zeroLatenessClosesAnHourAsSoonAsTheWatermarkReachesItsEnd() throws IOException {
        HourCloser closer = new HourCloser(fs, layout, TOPIC, Duration.ZERO);

        assertThat(closer.lastClosableHour(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo(Instant.parse("2024-05-01T09:00:00Z"));
        assertThat(closer.lastClosableHour(Instant.parse("2024-05-01T09:59:59Z"))).isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    }

    private List<String> flags() {
        return files(tmp.resolve("raw/articles")).stream().filter(f -> f.endsWith("_SUCCESS")).toList();
    }

    private static List<String> hours(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(h -> String.format("dt=2024-05-01/hr=%02d/_SUCCESS", h)).toList();
    }
}
