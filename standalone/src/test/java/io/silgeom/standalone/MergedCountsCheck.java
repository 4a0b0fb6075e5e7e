package io.silgeom.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.batch.archive.RawArchiver;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.batch.job.KeywordHourlyLine;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.speed.consume.SpeedStats;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;

/**
 * What the end-to-end tests compare: counts served by the REST API against a full MapReduce recompute over the
 * whole raw archive. Shared by {@link LambdaArchitectureIT} and {@link SpeedRebuildIT}, so both prove exactness
 * against the same reference.
 */
final class MergedCountsCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MergedCountsCheck() {
    }

    /** Waits until the speed layer and the archiver have both taken every record sent so far. */
    static void awaitConsumed(SpeedLayer speed, RawArchiver archiver, long sentRecords) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            SpeedStats s = speed.stats();
            assertThat(s.applied() + s.duplicates() + s.late() + s.dlq() + s.filtered()).isEqualTo(sentRecords);
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            archiver.flush();
            assertThat(archiver.archivedOffsets().values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(sentRecords);
        });
    }

    /** hourId → canonical keyword → distinct articles, from a MapReduce run over the whole archive. */
    static Map<String, Map<String, Long>> fullRecompute(EmbeddedStack stack, RawArchiver archiver, Instant cutoff)
            throws Exception {
        Configuration conf = new Configuration(stack.hadoopConfiguration());
        KeywordHourlyJob.configure(conf, cutoff, archiver.archivedOffsets());
        String root = stack.hdfsRoot().toString();
        assertThat(ToolRunner.run(conf, new KeywordHourlyJob(), new String[] {root, "full-recompute"})).isZero();
        Path out = new Path(root + "/views/keyword_hourly/v=full-recompute");
        FileSystem fs = out.getFileSystem(conf);
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (FileStatus f : fs.listStatus(out, p -> p.getName().startsWith("part-"))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    KeywordHourlyLine l = KeywordHourlyLine.parse(line);
                    expected.computeIfAbsent(l.hourId(), k -> new TreeMap<>()).merge(l.canonical(), l.count(), Long::sum);
                }
            }
        }
        return expected;
    }

    /** canonical keyword → count for one hour, from GET /top; the answer must not be degraded. */
    static Map<String, Long> servedCounts(HttpClient http, String api, Instant hour) throws Exception {
        JsonNode top = get(http, api + "/top?limit=1000&from=" + hour + "&to=" + hour.plus(Duration.ofHours(1)));
        assertThat(top.path("degraded").asBoolean()).as("degraded at %s: %s", hour, top.path("reason")).isFalse();
        assertThat(top.path("items").size()).as("fewer keywords than the limit").isLessThan(1000);
        Map<String, Long> served = new TreeMap<>();
        top.path("items").forEach(i -> served.put(i.path("canonical").asText(), i.path("count").asLong()));
        return served;
    }

    /** GET, expecting 200, as JSON. */
    static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s -> %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
