package io.silgeom.layout.hive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A small Silgeom tree (hdfs-layout/LAYOUT.md) on the local filesystem, the way the archiver and the batch run write
 * it: raw hours with a duplicate, a late arrival, a hidden temp file and an hour's _SUCCESS; dead letters; a batch
 * view, baselines and features in version {@link #VERSION} and an older view version that queries must not mix in.
 */
final class SampleTree {
    static final String VERSION = "20240502T0000Z-1714608000000";
    static final String OLD_VERSION = "20240501T0000Z-1714521600000";
    static final String DAY = "2024-05-01";

    private SampleTree() {
    }

    static Path write(Path root) throws IOException {
        deleteRecursively(root);
        Path h09 = root.resolve("raw/articles/dt=2024-05-01/hr=09");
        file(h09.resolve("part-0-0-2.jsonl"),
                raw("a1", "news", "ko", "2024-05-01T09:10:00Z", "홍수 피해", 0, 0, "2024-05-01T09:10:02.117Z"),
                raw("a2", "news", "ko", "2024-05-01T09:20:00Z", "선거 홍수", 0, 1, "2024-05-01T09:20:01.000Z"),
                raw("a1", "news", "ko", "2024-05-01T09:10:00Z", "홍수 피해", 0, 2, "2024-05-01T09:30:00.000Z"));
        file(h09.resolve("_SUCCESS"));
        Path h10 = root.resolve("raw/articles/dt=2024-05-01/hr=10");
        file(h10.resolve("part-1-0-0.jsonl"),
                raw("a3", "social", "en", "2024-05-01T10:05:00Z", "flood warning", 1, 0, "2024-05-01T12:00:00.000Z"));
        // a flush being written: hidden, so neither MapReduce nor Hive may read it
        file(h10.resolve(".part-1-1-1.jsonl.tmp"),
                raw("a4", "social", "en", "2024-05-01T10:06:00Z", "flood", 1, 1, "2024-05-01T10:06:01.000Z"));

        file(root.resolve("quarantine/dt=2024-05-01/part-0-3-5.jsonl"),
                deadLetter("source: expected news or social, got nothing (id \\\"x1\\\")", 3),
                deadLetter("publishedAt: not an ISO-8601 instant: \\\"yesterday\\\"", 4),
                deadLetter("source: expected news or social, got \\\"blog\\\"", 5));

        Path view = root.resolve("views/keyword_hourly/v=" + VERSION);
        file(view.resolve("part-r-00000"),
                "2024050109\tko\tnews\t홍수\t홍수\t2",
                "2024050109\tko\tnews\t선거\t선거\t1",
                "2024050109\ten\tnews\tflood\tflood\t3",
                "2024050110\ten\tsocial\tflood\tFlood\t1",
                "2024050110\tko\tnews\t홍수\t홍수\t1");
        file(view.resolve("_SUCCESS"));
        file(root.resolve("views/keyword_hourly/v=" + OLD_VERSION + "/part-r-00000"),
                "2024050109\tko\tnews\t홍수\t홍수\t99",
                "2024050109\ten\tnews\tflood\tflood\t99");

        file(root.resolve("views/baselines/v=" + VERSION + "/part-r-00000"),
                "flood\tall\tall\t9\t0.5\t7",
                "flood\tall\tall\t10\t1.25\t7",
                "flood\ten\tsocial\t10\t1.0\t7",
                "홍수\tall\tall\t9\t0.25\t7");
        file(root.resolve("views/features/v=" + VERSION + "/part-r-00000"),
                // the first archived day has no earlier day: no baseline, no score (\N, Hive's NULL)
                "2024050109\tflood\ten\tnews\t3\t\\N\t\\N\t\\N",
                "2024050110\tflood\tall\tall\t4\t1.0\t2.12132\t\\N");
        return root;
    }

    /** An hour written after the tables were created (the archiver closed it later): 2024-05-03 07:00. */
    static void writeLaterHour(Path root) throws IOException {
        Path hour = root.resolve("raw/articles/dt=2024-05-03/hr=07");
        file(hour.resolve("part-2-0-0.jsonl"),
                raw("a9", "news", "ko", "2024-05-03T07:30:00Z", "선거", 2, 0, "2024-05-03T07:30:01.000Z"));
        file(hour.resolve("_SUCCESS"));
    }

    private static String raw(String id, String source, String lang, String publishedAt, String title, int partition,
                              long offset, String timestamp) {
        return "{\"id\":\"" + id + "\",\"source\":\"" + source + "\",\"site\":\"sample\",\"lang\":\"" + lang
                + "\",\"publishedAt\":\"" + publishedAt + "\",\"title\":\"" + title + "\",\"body\":\"" + title
                + "\",\"_kafka\":{\"topic\":\"silgeom.articles\",\"partition\":" + partition + ",\"offset\":" + offset
                + ",\"timestamp\":\"" + timestamp + "\"}}";
    }

    private static String deadLetter(String reason, long offset) {
        return "{\"reason\":\"" + reason + "\",\"receivedAt\":\"2024-05-01T11:00:00.000Z\",\"topic\":\"silgeom.articles\","
                + "\"partition\":0,\"offset\":" + offset + ",\"raw\":\"{}\"}";
    }

    private static void file(Path path, String... lines) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, lines.length == 0 ? "" : String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
