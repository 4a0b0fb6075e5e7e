package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.config.LocalHadoopConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baselines and features jobs on LocalJobRunner over a hand-written keyword-hourly view: three days of "flood"
 * (the archive starts 2024-05-01), cutoff 2024-05-04T00:00Z, two baseline days. Expected values worked out by hand
 * in the comments.
 */
class BaselinesAndFeaturesJobIT {
    private static final Instant CUTOFF = Instant.parse("2024-05-04T00:00:00Z");
    private static final Optional<LocalDate> FIRST_DAY = Optional.of(LocalDate.parse("2024-05-01"));

    @TempDir
    Path tmp;

    @BeforeEach
    void writeView() throws IOException {
        write(tmp.resolve("root/views/keyword_hourly/v=v1/part-r-00000"),
                "2024050109\ten\tnews\tflood\tflood\t4",     // day 1: before the 2-day baseline window
                "2024050209\ten\tnews\tflood\tflood\t3",
                "2024050309\ten\tnews\tflood\tFlood\t5",
                "2024050309\ten\tsocial\tflood\tflood\t2",
                "2024050310\ten\tnews\tflood\tflood\t1",
                "2024050309\ten\tnews\tquiet\tquiet\t1");
        write(tmp.resolve("root/views/keyword_hourly/v=v1/_SUCCESS"));
    }

    @Test
    void baselinesAreMeansPerHourOfDayOverTheWindowForKeywordsWithEnoughMentions() throws Exception {
        Configuration conf = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        BaselinesJob.configure(conf, CUTOFF, 2, 3, FIRST_DAY);
        BaselinesJob job = new BaselinesJob();

        assertThat(ToolRunner.run(conf, job, new String[] {root(), "v1"})).isZero();

        List<String> lines = lines("baselines");
        // flood en/news: 09h (3 + 5) / 2 = 4, 10h 1 / 2 = 0.5, every other hour 0 over the 2 covered days.
        assertThat(lines).contains("flood\ten\tnews\t9\t4\t2", "flood\ten\tnews\t10\t0.5\t2", "flood\ten\tnews\t0\t0\t2",
                // en/all and all/all add the social 2 at 09h: (3 + 5 + 2) / 2 = 5.
                "flood\ten\tall\t9\t5\t2", "flood\tall\tall\t9\t5\t2", "flood\tall\tnews\t9\t4\t2");
        // 4 slices of flood with >= 3 mentions in the window, 24 hours each; flood/social (2) and quiet (1) left out.
        assertThat(lines).hasSize(4 * 24);
        assertThat(lines).noneMatch(l -> l.startsWith("quiet\t") || l.contains("\tsocial\t"));
        assertThat(job.lastSummary()).hasValue(new BaselineSummary(2, Optional.of(LocalDate.parse("2024-05-02")),
                Optional.of(LocalDate.parse("2024-05-03")), 4, 6, 96));
    }

    @Test
    void theArchiveStartCapsTheWindow() throws Exception {
        Configuration conf = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        // 28 days asked, but only 3 archived: the days before 2024-05-01 are unknown, not zero.
        BaselinesJob.configure(conf, CUTOFF, 28, 3, FIRST_DAY);
        BaselinesJob job = new BaselinesJob();

        assertThat(ToolRunner.run(conf, job, new String[] {root(), "v1"})).isZero();

        // 09h over 3 days: (4 + 3 + 5) / 3 = 4.
        assertThat(lines("baselines")).contains("flood\ten\tnews\t9\t4\t3", "flood\ten\tnews\t10\t0.333333\t3");
        assertThat(job.lastSummary().orElseThrow().days()).isEqualTo(3);
    }

    @Test
    void featuresUseOnlyDaysBeforeTheirOwnDay() throws Exception {
        Configuration conf = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        KeywordFeaturesJob.configure(conf, CUTOFF, 2, FIRST_DAY);
        KeywordFeaturesJob job = new KeywordFeaturesJob();

        assertThat(ToolRunner.run(conf, job, new String[] {root(), "v1"})).isZero();

        List<String> lines = lines("features");
        assertThat(lines).contains(
                // The first archived day has no earlier day: no baseline, no score.
                "2024050109\tflood\ten\tnews\t4\t\\N\t\\N\t\\N",
                // Day 2 sees day 1 only: baseline 4, score (3 - 4) / sqrt(5).
                "2024050209\tflood\ten\tnews\t3\t4\t-0.447214\t\\N",
                // Day 3 sees days 1 and 2 (not itself): (4 + 3) / 2 = 3.5, score 1.5 / sqrt(4.5).
                "2024050309\tflood\ten\tnews\t5\t3.5\t0.707107\t\\N",
                // all/all adds the social 2 that hour: 7 against 3.5, score 3.5 / sqrt(4.5).
                "2024050309\tflood\tall\tall\t7\t3.5\t1.649916\t\\N",
                // 10h had no mention on days 1-2: baseline 0, score 1 / sqrt(1).
                "2024050310\tflood\ten\tnews\t1\t0\t1\t\\N");
        // Rows only for hours with a mention: flood en/news, en/all, all/news, all/all 4 each; en/social, all/social 1
        // each; quiet 1 per slice.
        assertThat(lines).hasSize(4 * 4 + 2 + 4);
        assertThat(job.lastRows()).hasValue(22);
    }

    @Test
    void featuresCarryTheDocumentsOfTheirHourAndSliceWhenTheViewHasThem() throws Exception {
        // What the keyword-hourly job writes beside the view: distinct articles per hour and slice, any keyword,
        // one file per reduce task.
        write(tmp.resolve("root/views/keyword_hourly/v=v1/_docs/part-r-00000"),
                "2024050109\ten\tnews\t6", "2024050309\ten\tnews\t7", "2024050309\tko\tnews\t5");
        write(tmp.resolve("root/views/keyword_hourly/v=v1/_docs/part-r-00001"),
                "2024050209\ten\tnews\t3", "2024050309\ten\tsocial\t4", "2024050310\ten\tnews\t2");
        Configuration conf = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        KeywordFeaturesJob.configure(conf, CUTOFF, 2, FIRST_DAY);

        assertThat(ToolRunner.run(conf, new KeywordFeaturesJob(), new String[] {root(), "v1"})).isZero();

        assertThat(lines("features")).contains(
                "2024050109\tflood\ten\tnews\t4\t\\N\t\\N\t6",
                "2024050309\tflood\ten\tnews\t5\t3.5\t0.707107\t7",
                "2024050309\tflood\ten\tsocial\t2\t0\t2\t4",
                // Roll-ups add the slices' documents, Korean news included though it never mentions flood.
                "2024050309\tflood\ten\tall\t7\t3.5\t1.649916\t11",
                "2024050309\tflood\tall\tnews\t5\t3.5\t0.707107\t12",
                "2024050309\tflood\tall\tall\t7\t3.5\t1.649916\t16",
                "2024050310\tflood\ten\tnews\t1\t0\t1\t2");
    }

    private String root() {
        return tmp.resolve("root").toUri().toString();
    }

    private List<String> lines(String view) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("root/views/" + view + "/v=v1"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    }
}
