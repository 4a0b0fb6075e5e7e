package io.silgeom.ingest.collect.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.ingest.collect.Backoff;
import io.silgeom.ingest.collect.CollectorStatus;
import io.silgeom.ingest.publish.CapturingSink;
import io.silgeom.ingest.publish.EdgeGate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The X collector against a local server speaking the v2 format: rules, stream, disconnects, 429s, search fallback. */
class XCollectorIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FakeXApi api;
    private final CapturingSink sink = new CapturingSink();
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeEach
    void startApi() throws IOException {
        api = new FakeXApi();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void streamsPostsAcrossADisconnectA429AndAStallEachPostOnce() throws Exception {
        long resetEpoch = Instant.now().plusSeconds(2).getEpochSecond();
        api.stream = n -> switch (n) {
            // 1: two posts, a keep-alive, a broken line, then the connection drops.
            case 1 -> new FakeXApi.StreamScript(200, List.of(), List.of(
                    post("1001", "u1", "삼성전자 신제품 발표 #갤럭시", "ko", "2026-11-25T09:00:00.000Z", "minsu"),
                    "",
                    post("1002", "u2", "Typhoon warning for Busan", "en", "2026-11-25T09:00:05.000Z", "jane"),
                    "{\"data\":{\"id\":\"100"), false);
            // 2: rate limited until the reset.
            case 2 -> new FakeXApi.StreamScript(429, List.of("x-rate-limit-remaining", "0",
                    "x-rate-limit-reset", Long.toString(resetEpoch)), List.of(), false);
            // 3: one post, then silence without even a keep-alive: a stall.
            case 3 -> new FakeXApi.StreamScript(200, List.of(), List.of(
                    post("1003", "u1", "no language here 🙂", "und", "2026-11-25T09:01:00.000Z", "minsu")), true);
            default -> new FakeXApi.StreamScript(200, List.of(), List.of(), true);
        };
        // The catch-up search after each disconnect brings one post again and one the stream missed.
        api.search = n -> new FakeXApi.SearchAnswer(200, List.of("x-rate-limit-remaining", "100",
                "x-rate-limit-reset", Long.toString(resetEpoch)), "{\"data\":["
                + data("1002", "u2", "Typhoon warning for Busan", "en", "2026-11-25T09:00:05.000Z") + ","
                + data("1004", "u3", "Missed while disconnected", "en", "2026-11-25T09:00:30.000Z")
                + "],\"includes\":{\"users\":[{\"id\":\"u2\",\"username\":\"jane\"},{\"id\":\"u3\",\"username\":\"kim\"}]},"
                + "\"meta\":{\"newest_id\":\"1004\",\"oldest_id\":\"1002\",\"result_count\":2}}");

        XCollector x = collector(options("test-token"));
        Thread runner = runInBackground(x);
        awaitTrue(() -> api.requests("/2/tweets/search/stream").size() >= 4, Duration.ofSeconds(20));
        x.stop();
        runner.join(5000);
        assertThat(runner.isAlive()).isFalse();

        // Rules: the stranger's rule deleted, ours added, tagged.
        List<FakeXApi.Request> rules = api.requests("/2/tweets/search/stream/rules");
        assertThat(rules).extracting(FakeXApi.Request::method).containsExactly("GET", "POST", "POST");
        assertThat(rules.get(1).body()).isEqualTo("{\"delete\":{\"ids\":[\"1\"]}}");
        assertThat(rules.get(2).body()).contains("\"value\":\"태풍 OR typhoon\"", "\"tag\":\"silgeom\"");
        assertThat(api.requests("/2/tweets/search/stream")).allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer test-token");
            assertThat(r.query()).contains("tweet.fields=created_at,lang,author_id", "expansions=author_id");
        });

        // Every post once, whichever path brought it; the broken line is in the DLQ.
        assertThat(sink.sentKeys()).containsExactlyInAnyOrder("x-1001", "x-1002", "x-1003", "x-1004");
        assertThat(sink.dead()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("x:stream");
            assertThat(d.deadLetter().reason()).startsWith("stream line is not JSON");
        });
        JsonNode first = json(sink.sent().stream().filter(s -> s.key().equals("x-1001")).findFirst().orElseThrow().value());
        assertThat(first.toString()).isEqualTo("{\"id\":\"x-1001\",\"source\":\"social\",\"site\":\"x\",\"author\":\"minsu\","
                + "\"lang\":\"ko\",\"publishedAt\":\"2026-11-25T09:00:00.000Z\",\"title\":\"삼성전자 신제품 발표 #갤럭시\","
                + "\"url\":\"https://x.com/minsu/status/1001\"}");
        assertThat(json(sink.sent().stream().filter(s -> s.key().equals("x-1003")).findFirst().orElseThrow().value())
                .has("lang")).as("und is no language").isFalse();

        // The 429 was honoured: no reconnect before the reset second.
        List<FakeXApi.Request> connects = api.requests("/2/tweets/search/stream");
        assertThat(connects.get(2).at()).isAfterOrEqualTo(Instant.ofEpochSecond(resetEpoch));
        // The catch-up searches continue from the newest post seen.
        assertThat(api.requests("/2/tweets/search/recent").get(0).query()).contains("since_id=1002");
        assertThat(x.reconnects()).isGreaterThanOrEqualTo(3);
        assertThat(metrics.get("silgeom.collect.x.rate.limited").counter().count()).isGreaterThanOrEqualTo(1.0);
        assertThat(status.get("x")).contains("\"published\":4");
    }

    @Test
    void aForbiddenStreamFallsBackToRecentSearchWhichWaitsOutItsRateLimit() throws Exception {
        api.stream = n -> new FakeXApi.StreamScript(403, List.of(), List.of(), false);
        long resetEpoch = Instant.now().plusSeconds(60).getEpochSecond();
        api.search = n -> new FakeXApi.SearchAnswer(200, List.of("x-rate-limit-remaining", "0",
                "x-rate-limit-reset", Long.toString(resetEpoch)), "{\"data\":["
                + data("2001", "u1", "태풍 북상", "ko", "2026-11-25T09:00:00.000Z")
                + "],\"includes\":{\"users\":[{\"id\":\"u1\",\"username\":\"minsu\"}]},\"meta\":{\"newest_id\":\"2001\","
                + "\"result_count\":1}}");

        XCollector x = collector(options("test-token"));
        Thread runner = runInBackground(x);
        awaitTrue(() -> sink.sent().size() == 1, Duration.ofSeconds(10));
        Thread.sleep(1000); // ten search intervals: all must wait for the reset a minute away
        x.stop();
        runner.join(5000);

        assertThat(api.requests("/2/tweets/search/stream")).hasSize(1);
        assertThat(api.requests("/2/tweets/search/recent")).hasSize(1);
        assertThat(api.requests("/2/tweets/search/recent").get(0).query())
                .contains("query=" + java.net.URLEncoder.encode("태풍 OR typhoon", java.nio.charset.StandardCharsets.UTF_8));
        assertThat(sink.sentKeys()).containsExactly("x-2001");
        assertThat(status.get("x")).contains("\"state\":\"search-only\"");
    }

    @Test
    void aRejectedTokenEndsTheRunWithAClearMessage() {
        api.stream = n -> new FakeXApi.StreamScript(401, List.of(), List.of(), false);
        XCollector x = collector(options("wrong-token"));

        assertThatThrownBy(x::run).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("SILGEOM_X_BEARER_TOKEN");
    }

    @Test
    void withoutATokenTheCollectorRefusesToStart() {
        assertThatThrownBy(() -> collector(options(" ")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no X API bearer token: set x.bearer.token in the config file or SILGEOM_X_BEARER_TOKEN in "
                        + "the environment (an app-only token from the X developer console)");
        assertThat(api.requests("/2/tweets/search/stream/rules")).isEmpty();
    }

    private XOptions options(String token) {
        return new XOptions(token, URI.create(api.url() + "/"), List.of("태풍 OR typhoon"), Duration.ofMillis(100),
                Duration.ofMillis(500), new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private XCollector collector(XOptions options) {
        EdgeGate gate = new EdgeGate(sink, ArticleValidator.withDefaults(), Clock.systemUTC(), 1000);
        CollectorStatus toMap = status::put;
        return new XCollector(options, HttpClient.newHttpClient(), gate, toMap, metrics, Clock.systemUTC());
    }

    private static Thread runInBackground(XCollector x) {
        Thread t = new Thread(() -> {
            try {
                x.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "x-collector-under-test");
        t.start();
        return t;
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static String post(String id, String authorId, String text, String lang, String createdAt, String username) {
        return "{\"data\":" + data(id, authorId, text, lang, createdAt) + ",\"includes\":{\"users\":[{\"id\":\""
                + authorId + "\",\"name\":\"N\",\"username\":\"" + username + "\"}]},\"matching_rules\":[{\"id\":\"9\","
                + "\"tag\":\"silgeom\"}]}";
    }

    private static String data(String id, String authorId, String text, String lang, String createdAt) {
        return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"author_id\":\"" + authorId + "\",\"lang\":\"" + lang
                + "\",\"created_at\":\"" + createdAt + "\",\"edit_history_tweet_ids\":[\"" + id + "\"]}";
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
