package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.config.LocalHadoopConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keyword-hourly job on LocalJobRunner over a small archive written by hand. */
class KeywordHourlyJobIT {
    private static final Instant CUTOFF = Instant.parse("2024-05-01T10:00:00Z");
    private static final Map<String, Long> SNAPSHOT = Map.of("silgeom.articles:0", 10L, "silgeom.articles:1", 5L);

    @TempDir
    Path tmp;

    @Test
    void countsEachArticleOnceByItsFirstCopyBeforeTheCutoffAndWithinTheSnapshot() throws Exception {
        Path raw = tmp.resolve("root/raw/articles/dt=2024-05-01");
        // Partition 0, hour 09: three articles; a7 repeats two keywords of a1 with another display form.
        write(raw.resolve("hr=09/part-0-0-2.jsonl"),
                line("a1", "news", "en", "2024-05-01T09:10:00Z", "Flood warning in Seoul", 0, 0),
                line("a2", "social", "en", "2024-05-01T09:20:00Z", "Seoul floods #Rescue", 0, 1),
                line("a7", "news", "en", "2024-05-01T09:30:00Z", "Seoul flood", 0, 2));
        // A second copy of a1 at a LARGER offset, with another text and event hour: the first copy counts, so no
        // "election" and nothing of it in hour 08.
        write(raw.resolve("hr=08/part-0-3-3.jsonl"),
                line("a1", "news", "en", "2024-05-01T08:40:00Z", "Election results", 0, 3));
        write(raw.resolve("hr=08/part-1-4-4.jsonl"),
                line("a5", "news", "en", "2024-05-01T08:30:00Z", "Seoul flood", 1, 4));
        // Partition 1, hour 09: a Korean article and a line that no longer validates (no source).
        write(raw.resolve("hr=09/part-1-0-3.jsonl"),
                line("a6", "news", "ko", "2024-05-01T09:05:00Z", "서울 홍수 경보", 1, 0),
                "{\"id\":\"bad\",\"publishedAt\":\"2024-05-01T09:00:00Z\",\"title\":\"no source\","
                        + "\"_kafka\":{\"topic\":\"silgeom.articles\",\"partition\":1,\"offset\":3,\"timestamp\":\"2024-05-01T09:00:01Z\"}}");
        // Offset 12 of partition 0 is past the snapshot (10): a flush the run must not see.
        write(raw.resolve("hr=09/part-0-12-12.jsonl"),
                line("a3", "news", "en", "2024-05-01T09:50:00Z", "Market rally", 0, 12));
        // Event time 10:05 is at or after T: the speed view's.
        write(raw.resolve("hr=10/part-1-2-2.jsonl"),
                line("a4", "news", "en", "2024-05-01T10:05:00Z", "Market rally", 1, 2));
        // A file still being written and a marker are never read.
        write(raw.resolve("hr=09/.part-0-5-5.jsonl.tmp"),
                line("a8", "news", "en", "2024-05-01T09:55:00Z", "Market rally", 0, 5));
        write(raw.resolve("hr=09/_SUCCESS"));
        // Quarantine: one dead letter inside the snapshot, one past it.
        write(tmp.resolve("root/quarantine/dt=2024-05-01/part-1-1-7.jsonl"),
                deadLetter(1, 1), deadLetter(1, 7));

        KeywordHourlyJob job = new KeywordHourlyJob();
        int rc = ToolRunner.run(conf(), job, new String[] {root(), "v1"});

        assertThat(rc).isZero();
        assertThat(viewLines("v1")).containsExactly(
                "2024050108\ten\tnews\tflood\tflood\t1",
                "2024050108\ten\tnews\tseoul\tSeoul\t1",
                "2024050109\ten\tnews\tflood\tFlood\t2",
                "2024050109\ten\tnews\tseoul\tSeoul\t2",
                "2024050109\ten\tnews\twarning\twarning\t1",
                "2024050109\ten\tsocial\t#rescue\t#Rescue\t1",
                "2024050109\ten\tsocial\tflood\tfloods\t1",
                "2024050109\ten\tsocial\tseoul\tSeoul\t1",
                "2024050109\tko\tnews\t경보\t경보\t1",
                "2024050109\tko\tnews\t서울\t서울\t1",
                "2024050109\tko\tnews\t홍수\t홍수\t1");
        assertThat(job.lastCounts()).hasValue(new KeywordHourlyCounts(
                9, 1, 1, 1, 0, 1, 1, 5, 0, 11));
        assertThat(job.lastCounts().get().invalidShare()).isEqualTo(2.0 / 9);
        // Distinct articles per slice (a1 counts in hour 09 only), for the features table's docs_in_hour.
        assertThat(docsLines("v1")).containsExactly(
                "2024050108\ten\tnews\t1", "2024050109\ten\tnews\t2", "2024050109\ten\tsocial\t1", "2024050109\tko\tnews\t1");
        // Three reduce tasks and small splits: a1's copies count in different slices (hours 09 and 08), which may be
        // different tasks; still only the first copy counts.
        Configuration split = conf();
        split.setLong("mapreduce.input.fileinputformat.split.maxsize", 300);
        split.setInt("mapreduce.job.reduces", 3);
        KeywordHourlyJob manyTasks = new KeywordHourlyJob();
        assertThat(ToolRunner.run(split, manyTasks, new String[] {root(), "v1-split"})).isZero();
        assertThat(viewLines("v1-split")).containsExactlyInAnyOrderElementsOf(viewLines("v1"));
        assertThat(manyTasks.lastCounts()).isEqualTo(job.lastCounts());
        assertThat(docsLines("v1-split")).containsExactlyInAnyOrderElementsOf(docsLines("v1"));
        // One job, no intermediate output left behind.
        assertThat(tmp.resolve("root/tmp")).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    @Test
    void theAuthorRuleAndTheFirstCopyHoldHoweverTheWorkIsSplit() throws Exception {
        Path raw = tmp.resolve("root/raw/articles/dt=2024-05-01/hr=09");
        // Social posts of hour 09: kim twice (once with spaces around the name), lee once, and one post without an
        // author, which counts per article. News articles count per article whatever their author.
        write(raw.resolve("part-0-0-3.jsonl"),
                social("s1", "kim", "2024-05-01T09:01:00Z", "Seoul floods", 0, 0),
                social("s2", " kim ", "2024-05-01T09:02:00Z", "SEOUL flood", 0, 1),
                social("s3", "lee", "2024-05-01T09:03:00Z", "Seoul flood", 0, 2),
                social("s4", "", "2024-05-01T09:04:00Z", "seoul flood", 0, 3));
        write(raw.resolve("part-1-0-2.jsonl"),
                line("n1", "news", "en", "2024-05-01T09:05:00Z", "Seoul flood", 1, 0),
                line("n2", "news", "en", "2024-05-01T09:06:00Z", "Seoul flood", 1, 1),
                // A later copy of s3 by another author: the first copy (partition 0) counts, so park never appears.
                social("s3", "park", "2024-05-01T09:03:00Z", "Seoul flood", 1, 2));
        // s1 again, in another file (so another split below), at a larger offset: a duplicate.
        write(raw.resolve("part-0-4-4.jsonl"),
                social("s1", "choi", "2024-05-01T09:01:00Z", "Seoul floods", 0, 4));

        KeywordHourlyJob oneTask = new KeywordHourlyJob();
        assertThat(ToolRunner.run(conf(), oneTask, new String[] {root(), "whole"})).isZero();
        // Now split much finer: splits of 512 bytes (a few lines; some files in two) and three reduce tasks, so copies
        // and authors meet from many pieces.
        Configuration split = conf();
        split.setLong("mapreduce.input.fileinputformat.split.maxsize", 512);
        split.setInt("mapreduce.job.reduces", 3);
        KeywordHourlyJob manyTasks = new KeywordHourlyJob();
        assertThat(ToolRunner.run(split, manyTasks, new String[] {root(), "split"})).isZero();

        // social: kim, lee and the authorless post; news: two articles.
        assertThat(viewLines("whole")).containsExactly(
                "2024050109\ten\tnews\tflood\tflood\t2",
                "2024050109\ten\tnews\tseoul\tSeoul\t2",
                "2024050109\ten\tsocial\tflood\tflood\t3",
                "2024050109\ten\tsocial\tseoul\tSEOUL\t3");
        assertThat(viewLines("split")).containsExactlyInAnyOrderElementsOf(viewLines("whole"));
        assertThat(manyTasks.lastCounts()).isEqualTo(oneTask.lastCounts());
        // No reduce task asked for: the job still makes the view in one (map-only would write the map records).
        Configuration mapOnly = conf();
        mapOnly.setInt("mapreduce.job.reduces", 0);
        KeywordHourlyJob noReduces = new KeywordHourlyJob();
        assertThat(ToolRunner.run(mapOnly, noReduces, new String[] {root(), "map-only"})).isZero();
        assertThat(viewLines("map-only")).isEqualTo(viewLines("whole"));
        assertThat(oneTask.lastCounts().get().duplicates()).isEqualTo(2);
        assertThat(oneTask.lastCounts().get().countedArticles()).isEqualTo(6);
    }

    @Test
    void anEmptyArchiveIsAnEmptyViewNotAFailure() throws Exception {
        KeywordHourlyJob job = new KeywordHourlyJob();

        int rc = ToolRunner.run(conf(), job, new String[] {root(), "v0"});

        assertThat(rc).isZero();
        assertThat(tmp.resolve("root/views/keyword_hourly/v=v0/_SUCCESS")).exists();
        assertThat(viewLines("v0")).isEmpty();
        assertThat(job.lastCounts()).hasValue(KeywordHourlyCounts.NONE);
    }

    @Test
    void badArgumentsAndMissingParametersExitWithTwo() throws Exception {
        assertThat(ToolRunner.run(conf(), new KeywordHourlyJob(), new String[] {root()})).isEqualTo(2);
        assertThat(ToolRunner.run(LocalHadoopConfiguration.create(tmp), new KeywordHourlyJob(), new String[] {root(), "v"}))
                .isEqualTo(2);
        Configuration notOnTheHour = conf();
        notOnTheHour.set(KeywordHourlyJob.CONF_CUTOFF, "2024-05-01T10:30:00Z");
        assertThat(ToolRunner.run(notOnTheHour, new KeywordHourlyJob(), new String[] {root(), "v"})).isEqualTo(2);
    }

    private Configuration conf() {
        Configuration conf = LocalHadoopConfiguration.create(tmp.resolve("hadoop"));
        KeywordHourlyJob.configure(conf, CUTOFF, SNAPSHOT);
        return conf;
    }

    private String root() {
        return tmp.resolve("root").toUri().toString();
    }

    private List<String> viewLines(String version) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("root/views/keyword_hourly/v=" + version))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private List<String> docsLines(String version) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp.resolve("root/views/keyword_hourly/v=" + version + "/_docs"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String line(String id, String source, String lang, String publishedAt, String title, int partition, long offset) {
        return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"site\":\"test\",\"lang\":\"" + lang
                + "\",\"publishedAt\":\"" + publishedAt + "\",\"title\":\"" + title + "\",\"_kafka\":{\"topic\":\"silgeom.articles\","
                + "\"partition\":" + partition + ",\"offset\":" + offset + ",\"timestamp\":\"" + publishedAt + "\"}}";
    }

    private static String social(String id, String author, String publishedAt, String title, int partition, long offset) {
        String withoutAuthor = line(id, "social", "en", publishedAt, title, partition, offset);
        return author.isEmpty() ? withoutAuthor : withoutAuthor.replace("\"site\":\"test\",", "\"site\":\"test\",\"author\":\"" + author + "\",");
    }

    private static String deadLetter(int partition, long offset) {
        return "{\"reason\":\"source: expected news or social, got nothing\",\"receivedAt\":\"2024-05-01T09:00:00Z\","
                + "\"topic\":\"silgeom.articles\",\"partition\":" + partition + ",\"offset\":" + offset + ",\"raw\":\"{}\"}";
    }

    private static void write(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines.length == 0 ? List.of() : List.of(lines), StandardCharsets.UTF_8);
    }
}
