package io.silgeom.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RedisServerForTests;
import io.silgeom.core.testing.SpeedViewSeeds;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.config.ServingConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The whole serving layer on a free port against a real redis-server seeded through {@link RedisKeys}, read with a
 * plain HTTP client the way the dashboard and scripts read it. The clock is fixed at 12:30 UTC on May 2nd; batch
 * view v7 covers event time before 10:00.
 */
class ApiIT {
    private static final Instant NOW = Instant.parse("2024-05-02T12:30:00Z");
    private static final Instant T = Instant.parse("2024-05-02T10:00:00Z");
    private static final Slice ALL = Slice.TOTAL;
    private static final Slice KO_NEWS = Slice.leaf("ko", "news");
    private static final Slice EN_NEWS = Slice.leaf("en", "news");
    private static final String TOKEN = "t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RedisServerForTests server;
    static RedisClient redis;
    static ServingLayer serving;
    static final AtomicInteger batchRuns = new AtomicInteger();
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = RedisServerForTests.start(dir.resolve("redis"));
        redis = RedisClient.create(server.host(), server.port());
        seed();
        Settings settings = Settings.empty()
                .with("redis.host", server.host()).with("redis.port", String.valueOf(server.port()))
                .with("serving.port", "0").with("serving.admin.token", TOKEN);
        serving = ServingLayer.start(ServingConfig.from(settings), CoreConfig.from(settings),
                new AdminActions(batchRuns::incrementAndGet, null), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        if (serving != null) {
            serving.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (server != null) {
            server.close();
        }
    }

    static void seed() {
        for (Instant h = Instant.parse("2024-05-01T00:00:00Z"); h.isBefore(T); h = h.plusSeconds(3600)) {
            redis.sadd(RedisKeys.batchHours("v7"), TimeBuckets.hourId(h));
        }
        redis.hset(RedisKeys.batchHour("v7", "2024050208", ALL), Map.of("선거", "1"));
        redis.hset(RedisKeys.batchHour("v7", "2024050209", ALL), Map.of("선거", "5", "samsung", "2"));
        // The speed view holds leaf slices; all:all sums them.
        SpeedViewSeeds.hour(redis, "0", "2024050209", KO_NEWS, Map.of("선거", "99"));   // before T: ignored
        SpeedViewSeeds.hour(redis, "0", "2024050210", KO_NEWS, Map.of("선거", "7"));
        SpeedViewSeeds.hour(redis, "0", "2024050212", KO_NEWS, Map.of("선거", "4"));
        SpeedViewSeeds.hour(redis, "0", "2024050212", EN_NEWS, Map.of("samsung", "10"));
        SpeedViewSeeds.minute(redis, "0", "202405021229", KO_NEWS, Map.of("선거", "2"));
        SpeedViewSeeds.minute(redis, "0", "202405021229", EN_NEWS, Map.of("samsung", "4"));
        SpeedViewSeeds.minute(redis, "0", "202405021230", KO_NEWS, Map.of("선거", "1"));
        SpeedViewSeeds.minute(redis, "0", "202405021230", EN_NEWS, Map.of("samsung", "6"));
        // A corrupt count in a slice nobody else reads (the batch view keeps each slice apart): the one way to make
        // a query fail inside the server.
        redis.hset(RedisKeys.batchHour("v7", "2024050209", new Slice("en", "social")), Map.of("broken", "x"));
        redis.hset(RedisKeys.DISPLAY, Map.of("samsung", "Samsung", "선거", "선거"));
        redis.set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(
                new BatchCutoff("v7", T, T.plusSeconds(900), Map.of("silgeom.articles:0", 42L))));
        redis.set(RedisKeys.BATCH_STATUS, "{\"ok\":true,\"version\":\"v7\",\"durationMs\":1234}");
        redis.hset(RedisKeys.SPEED_STATUS, Map.of("lag:silgeom.articles:0", "3", "lag:silgeom.articles:1", "0",
                "applied", "100", "duplicates", "0", "late", "2", "dlq", "1", "updatedAt", NOW.minusSeconds(5).toString()));
    }

    @Test
    void trendsRankTheRisingKeywordsAndTheSnapshotCanBeReadAgainById() throws Exception {
        JsonNode chart = json(get("/api/v1/trends?window=1h&limit=20&lang=all&source=all"), 200);

        assertThat(chart.path("window").asText()).isEqualTo("1h");
        assertThat(chart.path("asOf").asText()).isEqualTo("2024-05-02T12:30:00Z");
        assertThat(chart.path("batchVersion").asText()).isEqualTo("v7");
        assertThat(chart.path("batchCutoff").asText()).isEqualTo("2024-05-02T10:00:00Z");
        assertThat(chart.path("degraded").asBoolean()).isFalse();
        // samsung: 10 in the last hour against 2 over the baseline; 선거: 3 against 1 + 5 + 7. Only 3 of the 24
        // baseline hours hold any of the two keywords, so the expected count per hour is the total over 3 hours.
        JsonNode first = chart.path("items").get(0);
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("keyword").asText()).isEqualTo("Samsung");
        assertThat(first.path("canonical").asText()).isEqualTo("samsung");
        assertThat(first.path("count").asLong()).isEqualTo(10);
        assertThat(first.path("expected").asDouble()).isEqualTo(0.667);
        assertThat(first.path("score").asDouble()).isEqualTo(7.23);
        assertThat(first.path("change").asText()).isIn("NEW", "SAME");
        JsonNode second = chart.path("items").get(1);
        assertThat(second.path("keyword").asText()).isEqualTo("선거");
        assertThat(second.path("expected").asDouble()).isEqualTo(4.333);
        assertThat(chart.path("items")).hasSize(2);

        String id = chart.path("snapshotId").asText();
        JsonNode again = json(get("/api/v1/trends/" + id + "?limit=1"), 200);
        assertThat(again.path("snapshotId").asText()).isEqualTo(id);
        assertThat(again.path("items")).hasSize(1);
        assertThat(again.path("totalItems").asInt()).isEqualTo(2);

        JsonNode gone = json(get("/api/v1/trends/20240101T000000Z-1h-all-all-1"), 404);
        assertThat(gone.path("error").asText()).contains("not found").contains("15m");
    }

    @Test
    void aKoreanKeywordSeriesIsMergedAndMarkedPerPoint() throws Exception {
        String keyword = URLEncoder.encode("선거", StandardCharsets.UTF_8);
        JsonNode s = json(get("/api/v1/keywords/" + keyword
                + "/series?from=2024-05-02T08:00:00Z&to=2024-05-02T13:00:00Z&step=PT1H"), 200);

        assertThat(s.path("keyword").asText()).isEqualTo("선거");
        assertThat(s.path("step").asText()).isEqualTo("PT1H");
        assertThat(s.path("degraded").asBoolean()).isFalse();
        assertThat(values(s.path("points"), "count")).containsExactly("1", "5", "7", "0", "4");
        assertThat(values(s.path("points"), "view")).containsExactly("batch", "batch", "speed", "speed", "speed");
        assertThat(s.path("points").get(0).path("start").asText()).isEqualTo("2024-05-02T08:00:00Z");

        JsonNode day = json(get("/api/v1/keywords/" + keyword
                + "/series?from=2024-05-02T00:00:00Z&to=2024-05-03T00:00:00Z&step=P1D"), 200);
        assertThat(values(day.path("points"), "view")).containsExactly("mixed");
        assertThat(values(day.path("points"), "count")).containsExactly("17");

        // Defaults: the last 24 hours by hour, ending with the current hour.
        JsonNode defaults = json(get("/api/v1/keywords/samsung/series"), 200);
        assertThat(defaults.path("points")).hasSize(24);
        assertThat(defaults.path("to").asText()).isEqualTo("2024-05-02T13:00:00Z");
    }

    @Test
    void topIsExactOverAnyRange() throws Exception {
        JsonNode top = json(get("/api/v1/top?from=2024-05-02T08:00:00Z&to=2024-05-02T13:00:00Z&limit=5"), 200);

        assertThat(top.path("view").asText()).isEqualTo("mixed");
        assertThat(values(top.path("items"), "keyword")).containsExactly("선거", "Samsung");
        assertThat(values(top.path("items"), "count")).containsExactly("17", "12");
        assertThat(top.path("items").get(0).path("rank").asInt()).isEqualTo(1);
    }

    @Test
    void statusTellsBatchSpeedAndSnapshotFacts() throws Exception {
        JsonNode status = json(get("/api/v1/status"), 200);

        assertThat(status.path("batch").path("version").asText()).isEqualTo("v7");
        assertThat(status.path("batch").path("cutoff").asText()).isEqualTo("2024-05-02T10:00:00Z");
        assertThat(status.path("batch").path("offsets").path("silgeom.articles:0").asLong()).isEqualTo(42);
        assertThat(status.path("lastBatchReport").path("durationMs").asLong()).isEqualTo(1234);
        assertThat(status.path("speed").path("lagByPartition").path("silgeom.articles:0").asLong()).isEqualTo(3);
        assertThat(status.path("speed").path("totalLag").asLong()).isEqualTo(3);
        assertThat(status.path("speed").path("late").asLong()).isEqualTo(2);
        assertThat(status.path("speed").path("duplicates").asLong()).isZero();
        assertThat(status.path("speed").path("dlq").asLong()).isEqualTo(1);
        assertThat(status.path("speed").path("generation").asText()).isEqualTo("0");
        assertThat(status.path("degraded").asBoolean()).as(status.toString()).isFalse();
    }

    @Test
    void statusShowsTheCollectorsHealthAndNamesAFailingFeed() throws Exception {
        String rss = StatusReader.COLLECTOR_STATUS_KEYS.get("rss");
        String x = StatusReader.COLLECTOR_STATUS_KEYS.get("x");
        // As silgeom collect rss / x write them (FeedHealth.toJson, XCollector's health).
        redis.hset(rss, Map.of(
                "yonhap", "{\"feed\":\"yonhap\",\"state\":\"ok\",\"consecutiveFailures\":0,\"published\":12}",
                "bbc", "{\"feed\":\"bbc\",\"state\":\"failing\",\"consecutiveFailures\":3,"
                        + "\"lastError\":\"HTTP 503\",\"published\":0}"));
        redis.hset(x, "x", "{\"state\":\"connected\",\"reconnects\":1,\"published\":40}");
        try {
            JsonNode status = json(get("/api/v1/status"), 200);

            assertThat(status.path("collectors").path("rss").path("yonhap").path("published").asLong()).isEqualTo(12);
            assertThat(status.path("collectors").path("rss").path("bbc").path("lastError").asText()).isEqualTo("HTTP 503");
            assertThat(status.path("collectors").path("x").path("x").path("state").asText()).isEqualTo("connected");
            assertThat(status.path("degraded").asBoolean()).isTrue();
            assertThat(status.path("reasons").toString())
                    .contains("collector rss: 1 of 2 input(s) failing (bbc failing: HTTP 503)")
                    .doesNotContain("collector x");
        } finally {
            redis.del(rss, x);
        }
        assertThat(json(get("/api/v1/status"), 200).path("collectors").isEmpty()).as("none reported").isTrue();
    }

    @Test
    void badParametersAre400WithTheParameterNamedAndNoStackTrace() throws Exception {
        Map<String, String> cases = Map.of(
                "/api/v1/trends?window=7x", "window: '7x'",
                "/api/v1/trends?limit=0", "limit: '0'",
                "/api/v1/trends?lang=korean", "lang: 'korean'",
                "/api/v1/keywords/samsung/series?step=PT5M", "step: 'PT5M'",
                "/api/v1/keywords/samsung/series?from=2024-05-02T13:00:00Z&to=2024-05-02T08:00:00Z", "from: ",
                "/api/v1/top?from=yesterday", "from: 'yesterday'",
                "/api/v1/top?from=2024-01-01T00:00:00Z&to=2024-05-01T00:00:00Z", "serving.max.range 31d");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(c.getKey()).contains(c.getValue());
            assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
        }
    }

    @Test
    void aFailureInsideIs500WithoutDetailsAndUnknownApiPathsAre404Json() throws Exception {
        HttpResponse<String> r = get("/api/v1/keywords/broken/series?lang=en&source=social");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("internal error");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.").doesNotContain("non-number");

        JsonNode missing = json(get("/api/v1/nothing-here"), 404);
        assertThat(missing.path("error").asText()).contains("/api/v1/nothing-here");
    }

    @Test
    void adminNeedsTheBearerTokenAndCallsTheInjectedAction() throws Exception {
        assertThat(post("/api/v1/admin/batch", null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post("/api/v1/admin/batch", "Bearer nope");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("wrong admin token");
        assertThat(batchRuns.get()).isZero();

        HttpResponse<String> ok = post("/api/v1/admin/batch", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(ok.body()).path("accepted").asText()).isEqualTo("batch");
        assertThat(batchRuns.get()).isEqualTo(1);

        // This process was given no speed rebuild: 503, and the reason.
        HttpResponse<String> none = post("/api/v1/admin/rebuild-speed", "Bearer " + TOKEN);
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(none.body()).path("error").asText()).contains("rebuild-speed");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        get("/api/v1/trends");
        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(r.body()).contains("# TYPE silgeom_http_requests_seconds")
                .contains("route=\"/api/v1/trends\"")
                .contains("silgeom_snapshot_age_seconds")
                .contains("silgeom_snapshot_refresh_duration_seconds");
        // The refresher runs its first cycle at start (on its own thread: it may still be running here).
        String first = "silgeom_snapshot_refreshes_total{cause=\"first\"}";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metric(first) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(metric(first)).isEqualTo(1.0);
    }

    @Test
    void aDegradedAnswerIsCountedInTheMetricsByRoute() throws Exception {
        String route = "silgeom_answers_degraded_total{route=\"/api/v1/keywords/{keyword}/series\"}";
        double before = metric(route);

        // Minutes of yesterday are older than the speed view keeps minute buckets: holes, answered degraded.
        JsonNode holes = json(get("/api/v1/keywords/samsung/series?from=2024-05-01T12:00:00Z"
                + "&to=2024-05-01T13:00:00Z&step=PT1M"), 200);
        assertThat(holes.path("degraded").asBoolean()).isTrue();
        assertThat(metric(route)).isEqualTo(before + 1);

        JsonNode whole = json(get("/api/v1/keywords/samsung/series?from=2024-05-02T08:00:00Z"
                + "&to=2024-05-02T13:00:00Z&step=PT1H"), 200);
        assertThat(whole.path("degraded").asBoolean()).isFalse();
        assertThat(metric(route)).as("a whole answer is not counted").isEqualTo(before + 1);
    }

    /** The value of one sample line of /metrics, 0 when the series does not exist yet. */
    private static double metric(String series) throws Exception {
        for (String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return 0;
    }

    @Test
    void theDashboardAndItsChartLibraryAreServedFromHere() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Silgeom").contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")
                .doesNotContain("https://");
        assertThat(get("/dashboard.js").statusCode()).isEqualTo(200);
        assertThat(get("/dashboard.css").statusCode()).isEqualTo(200);
        assertThat(get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").statusCode()).isEqualTo(200);
    }

    @Test
    void theStreamSendsTheLatestDefaultSnapshotAsAnEvent() throws Exception {
        JsonNode latest = json(get("/api/v1/trends"), 200);
        HttpRequest req = HttpRequest.newBuilder(uri("/api/v1/stream")).header("Accept", "text/event-stream").build();
        CompletableFuture<HttpResponse<Stream<String>>> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("event-stream"));
        List<String> event = new ArrayList<>();
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty() && event.stream().anyMatch(l -> l.startsWith("data:"))) {
                    break;
                }
                event.add(line);
            }
        }
        assertThat(event).contains("event: snapshot");
        String data = event.stream().filter(l -> l.startsWith("data:")).findFirst().orElseThrow().substring(5).strip();
        JsonNode snapshot = JSON.readTree(data);
        assertThat(snapshot.path("window").asText()).isEqualTo("1h");
        assertThat(snapshot.path("items").get(0).path("canonical").asText())
                .isEqualTo(latest.path("items").get(0).path("canonical").asText());
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteServedUnderApiV1() throws Exception {
        HttpResponse<String> r = get("/api/v1/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("openapi").asText()).matches("3\\.0\\.\\d+");

        // The routes Javalin registered, not a list kept by hand: a new endpoint without documentation fails here.
        List<String> served = serving.routes().stream().filter(route -> route.contains(" /api/v1/")).toList();
        assertThat(served).contains("GET /api/v1/trends", "GET /api/v1/trends/{snapshotId}", "GET /api/v1/stream",
                "POST /api/v1/admin/batch", "POST /api/v1/admin/rebuild-speed", "GET /api/v1/openapi.json");
        for (String route : served) {
            String method = route.substring(0, route.indexOf(' ')).toLowerCase(java.util.Locale.ROOT);
            String path = route.substring(route.indexOf(' ') + 1);
            assertThat(doc.path("paths").path(path).has(method)).as(route + " documented").isTrue();
        }
        // ... and nothing documented that is not served.
        doc.path("paths").fieldNames().forEachRemaining(path -> doc.path("paths").path(path).fieldNames()
                .forEachRemaining(m -> assertThat(served).contains(m.toUpperCase(java.util.Locale.ROOT) + " " + path)));

        JsonNode trends = doc.path("paths").path("/api/v1/trends").path("get");
        assertThat(trends.path("responses").path("400").path("$ref").asText()).isEqualTo("#/components/responses/BadParameter");
        assertThat(doc.path("components").path("schemas").path("Error").path("required").get(0).asText()).isEqualTo("error");
        assertThat(doc.path("components").path("parameters").path("source").path("schema").path("enum"))
                .extracting(JsonNode::asText).containsExactly("all", "news", "social");
        assertThat(doc.path("paths").path("/api/v1/admin/batch").path("post").path("security").get(0).has("adminToken")).isTrue();
        assertThat(doc.path("components").path("securitySchemes").path("adminToken").path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void snapshotsCarryAStrongEtagAndAMatchingIfNoneMatchIs304WithNoBody() throws Exception {
        HttpResponse<String> first = get("/api/v1/trends?window=1h&limit=1");
        assertThat(first.statusCode()).isEqualTo(200);
        String id = JSON.readTree(first.body()).path("snapshotId").asText();
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).startsWith("\"").endsWith("\"").contains(id).doesNotStartWith("W/");

        HttpResponse<String> again = get("/api/v1/trends?window=1h&limit=1", "If-None-Match", tag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(tag);
        // A list of tags, one of them ours, weakened by a cache: still a match (weak comparison, RFC 9110).
        assertThat(get("/api/v1/trends?window=1h&limit=1", "If-None-Match", "\"other\", W/" + tag).statusCode())
                .isEqualTo(304);

        // Another page of the same snapshot is another body, so another tag.
        HttpResponse<String> otherPage = get("/api/v1/trends?window=1h&limit=2", "If-None-Match", tag);
        assertThat(otherPage.statusCode()).isEqualTo(200);
        assertThat(otherPage.headers().firstValue("ETag")).hasValueSatisfying(t -> assertThat(t).isNotEqualTo(tag));
        assertThat(JSON.readTree(otherPage.body()).path("items")).hasSize(2);

        // By id: the same tag for the same page, 304 when it matches.
        HttpResponse<String> byId = get("/api/v1/trends/" + id + "?limit=1");
        assertThat(byId.headers().firstValue("ETag")).hasValue(tag);
        assertThat(get("/api/v1/trends/" + id + "?limit=1", "If-None-Match", tag).statusCode()).isEqualTo(304);
        assertThat(get("/api/v1/trends/" + id + "?limit=1&offset=1", "If-None-Match", tag).statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatAcceptsGzipGetsThePageGzippedOnceWithTheTagWeakened() throws Exception {
        HttpResponse<String> plain = get("/api/v1/trends?window=1h&limit=20");
        String tag = plain.headers().firstValue("ETag").orElseThrow();
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).hasValue("Accept-Encoding");

        HttpResponse<byte[]> zipped = http.send(HttpRequest.newBuilder(uri("/api/v1/trends?window=1h&limit=20"))
                .timeout(Duration.ofSeconds(10)).header("Accept-Encoding", "gzip, deflate, br").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zipped.statusCode()).isEqualTo(200);
        assertThat(zipped.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(zipped.headers().firstValue("ETag")).hasValue("W/" + tag);
        assertThat(zipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        // Gzipped once: one gunzip gives the very JSON the plain answer has (Javalin did not compress it again).
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
        }
        // The browser sends the weak tag back: 304 while the snapshot is the latest.
        HttpResponse<byte[]> revalidated = http.send(HttpRequest.newBuilder(uri("/api/v1/trends?window=1h&limit=20"))
                .timeout(Duration.ofSeconds(10)).header("Accept-Encoding", "gzip")
                .header("If-None-Match", "W/" + tag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        // gzip refused with q=0: the plain JSON.
        assertThat(get("/api/v1/trends?window=1h&limit=20", "Accept-Encoding", "gzip;q=0, identity").body())
                .isEqualTo(plain.body());
    }

    @Test
    void windowsFromOneMinuteToSevenDaysInShortOrIsoFormAndNothingElse() throws Exception {
        assertThat(json(get("/api/v1/trends?window=PT30M"), 200).path("window").asText()).isEqualTo("30m");
        assertThat(json(get("/api/v1/trends?window=PT2H"), 200).path("window").asText()).isEqualTo("2h");
        assertThat(json(get("/api/v1/trends?window=P1D"), 200).path("window").asText()).isEqualTo("24h");
        JsonNode week = json(get("/api/v1/trends?window=P7D"), 200);
        assertThat(week.path("window").asText()).isEqualTo("7d");
        // Hour buckets, the current hour included: the 7 x 24 hours ending with 12:00-13:00.
        assertThat(week.path("windowStart").asText()).isEqualTo("2024-04-25T13:00:00Z");
        assertThat(week.path("windowEnd").asText()).isEqualTo("2024-05-02T13:00:00Z");
        assertThat(values(week.path("items"), "count")).contains("17", "12");

        for (String bad : List.of("P8D", "PT30S", "PT1H30S", "soon")) {
            HttpResponse<String> r = get("/api/v1/trends?window=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).as(bad).startsWith("window: '" + bad + "'");
        }
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    private static JsonNode json(HttpResponse<String> r, int expectedStatus) throws IOException {
        assertThat(r.statusCode()).as(r.uri() + " -> " + r.body()).isEqualTo(expectedStatus);
        return JSON.readTree(r.body());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + serving.port() + path);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String header, String value)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
