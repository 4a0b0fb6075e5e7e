package io.silgeom.ingest.collect.rss;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.ingest.collect.Backoff;
import io.silgeom.ingest.collect.LanguageGuess;
import io.silgeom.ingest.publish.CapturingSink;
import io.silgeom.ingest.publish.EdgeGate;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The RSS collector against feeds on a local HTTP server: two good feeds (RSS with an ETag, Atom with
 * Last-Modified) beside four bad ones (malformed XML, bytes not in the declared encoding, a 2 MB item, a feed that
 * never answers). Each bad one is logged at ERROR with its reason or dead-lettered, and the good ones keep flowing.
 */
class RssCollectorIT {
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(1);
    private static LanguageGuess languages;

    @TempDir
    Path stateDir;

    private FeedServer server;
    private final CapturingSink sink = new CapturingSink();
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @BeforeAll
    static void loadAnalysis() {
        languages = LanguageGuess.byKeywordAnalysis();
    }

    @BeforeEach
    void serveFeeds() throws IOException {
        server = new FeedServer();
        server.serve("/yonhap.rss", utf8(rss("ko-KR", item("g-1", "삼성전자, 반도체 투자 확대 발표", "<p>반도체 <b>투자</b> &amp; 고용</p>"),
                item("g-2", "태풍 북상에 항공편 결항", "제주 공항 결항"))), "application/rss+xml; charset=utf-8", "\"v1\"", null);
        server.serve("/world.atom", utf8(atom()), "application/atom+xml", null, "Wed, 25 Nov 2026 09:00:00 GMT");
        server.serve("/malformed.rss", utf8("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item>"
                + "<title>unclosed</title></channel></rss>"), "application/rss+xml", null, null);
        server.serve("/wrong-encoding.rss", rss(null, item("e-1", "한국어 제목", "본문")).getBytes(Charset.forName("EUC-KR")),
                "application/rss+xml; charset=utf-8", null, null);
        server.serve("/huge.rss", utf8(rss("en", item("h-1", "Huge item", "x".repeat(2 * 1024 * 1024)),
                item("h-2", "Small item next to it", "fine"))), "application/rss+xml", null, null);
        Logger logger = (Logger) LoggerFactory.getLogger(RssCollector.class);
        logger.setLevel(Level.INFO);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(RssCollector.class)).detachAppender(logged);
        server.close();
    }

    @Test
    void badFeedsFailOneByOneWithAClearErrorWhileTheGoodOnesArePublished() throws Exception {
        try (RssCollector rss = collector(feeds("yonhap", "world", "malformed", "wrong-encoding", "huge", "hang"))) {
            for (FeedSpec feed : rss.feeds()) {
                rss.poll(feed);
            }
            Map<String, FeedHealth> health = rss.health();

            // The good feeds: every item once, mapped.
            assertThat(health.get("yonhap").state()).isEqualTo("ok");
            assertThat(health.get("yonhap").published()).isEqualTo(2);
            assertThat(health.get("world").published()).isEqualTo(1);
            var articles = sink.sent().stream().map(s -> tree(s.value())).toList();
            assertThat(articles).filteredOn(a -> a.path("title").asText().startsWith("삼성전자")).singleElement()
                    .satisfies(a -> {
                        assertThat(a.path("id").asText()).matches("rss-[0-9a-f]{32}");
                        assertThat(a.path("source").asText()).isEqualTo("news");
                        assertThat(a.path("site").asText()).isEqualTo("yonhap");
                        assertThat(a.path("lang").asText()).isEqualTo("ko");
                        assertThat(a.path("body").asText()).isEqualTo("반도체 투자 & 고용");
                        assertThat(a.path("publishedAt").asText()).isEqualTo("2026-11-25T09:00:00Z");
                        assertThat(a.path("url").asText()).isEqualTo("https://news.example.com/g-1");
                    });
            assertThat(articles).filteredOn(a -> a.path("site").asText().equals("world")).singleElement()
                    .satisfies(a -> {
                        assertThat(a.path("lang").asText()).isEqualTo("en");
                        assertThat(a.path("author").asText()).isEqualTo("Jane Reporter");
                        assertThat(a.path("publishedAt").asText()).isEqualTo("2026-11-25T08:30:00Z");
                    });

            // The huge item goes to the DLQ with its size; its neighbour is published.
            assertThat(health.get("huge").published()).isEqualTo(1);
            assertThat(health.get("huge").deadLettered()).isEqualTo(1);
            assertThat(sink.dead()).singleElement().satisfies(d -> {
                assertThat(d.key()).isEqualTo("rss:huge");
                assertThat(d.deadLetter().reason()).contains("larger than the limit of 1048576 bytes").endsWith("[source: rss:huge]");
            });

            // The broken feeds: failing, with the reason in the health and in an ERROR line naming the feed.
            assertThat(health.get("malformed").lastError()).startsWith("not a readable RSS/Atom feed");
            assertThat(health.get("wrong-encoding").lastError()).startsWith("not a readable RSS/Atom feed").contains("UTF-8");
            assertThat(health.get("hang").lastError()).contains("the feed hangs");
            for (String broken : List.of("malformed", "wrong-encoding", "hang")) {
                assertThat(health.get(broken).consecutiveFailures()).isEqualTo(1);
                assertThat(health.get(broken).nextPoll()).isEqualTo(health.get(broken).lastAttempt().plusMillis(200));
                assertThat(errorsAbout(broken)).hasSize(1);
                assertThat(status.get(broken)).contains("\"state\":\"failing\"");
            }
            assertThat(metrics.get("silgeom.collect.rss.fetches").tag("feed", "hang").tag("outcome", "error").counter()
                    .count()).isEqualTo(1.0);
            assertThat(metrics.get("silgeom.collect.rss.consecutive.failures").tag("feed", "malformed").gauge().value())
                    .isEqualTo(1.0);

            // A second poll of a failing feed backs off further.
            assertThat(rss.poll(rss.feeds().get(2)).consecutiveFailures()).isEqualTo(2);
            assertThat(rss.health().get("malformed").nextPoll())
                    .isEqualTo(rss.health().get("malformed").lastAttempt().plusMillis(400));
        }
    }

    @Test
    void anItemIsNeverProducedTwiceNotOnTheNextPollNorAfterARestart() throws Exception {
        try (RssCollector rss = collector(feeds("yonhap", "world"))) {
            rss.poll(rss.feeds().get(0));
            rss.poll(rss.feeds().get(1));
            // Next poll: the ETag gives a 304; Last-Modified is sent back as If-Modified-Since.
            assertThat(rss.poll(rss.feeds().get(0)).state()).isEqualTo("not-modified");
            rss.poll(rss.feeds().get(1));
        }
        assertThat(server.hits("/yonhap.rss")).extracting(FeedServer.Hit::ifNoneMatch).containsExactly(null, "\"v1\"");
        assertThat(server.hits("/world.atom")).extracting(FeedServer.Hit::ifModifiedSince)
                .containsExactly(null, "Wed, 25 Nov 2026 09:00:00 GMT");
        assertThat(sink.sent()).hasSize(3);

        // Restart with the same state directory; the feed changed its ETag and added one item.
        server.serve("/yonhap.rss", utf8(rss("ko-KR", item("g-3", "환율 급등", "원달러 환율"),
                item("g-1", "삼성전자, 반도체 투자 확대 발표", "수정된 본문"), item("g-2", "태풍 북상에 항공편 결항", "제주"))),
                "application/rss+xml", "\"v2\"", null);
        try (RssCollector restarted = collector(feeds("yonhap", "world"))) {
            assertThat(restarted.poll(restarted.feeds().get(0)).published()).isEqualTo(1);
        }
        assertThat(sink.sentKeys()).hasSize(4).doesNotHaveDuplicates();
        assertThat(server.hits("/yonhap.rss").get(2).ifNoneMatch()).isEqualTo("\"v1\""); // validators survived too
        assertThat(metrics.get("silgeom.collect.rss.items").tag("feed", "yonhap").tag("outcome", "seen_before")
                .counter().count()).isEqualTo(2.0);
    }

    @Test
    void aHangingFeedDoesNotHoldUpTheOthersWhenPolledOnSchedule() throws Exception {
        List<FeedSpec> feeds = List.of(
                new FeedSpec("hang", server.url("/hang.rss"), Duration.ofSeconds(1), Source.NEWS),
                new FeedSpec("hang2", server.url("/hang2.rss"), Duration.ofSeconds(1), Source.NEWS),
                new FeedSpec("yonhap", server.url("/yonhap.rss"), Duration.ofSeconds(1), Source.NEWS));
        try (RssCollector rss = collector(feeds)) {
            rss.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (server.hits("/yonhap.rss").size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.hits("/yonhap.rss").size()).isGreaterThanOrEqualTo(3);
            assertThat(sink.sent()).hasSize(2);
        }
        assertThat(errorsAbout("hang")).isNotEmpty();
    }

    private RssCollector collector(List<FeedSpec> feeds) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).build();
        FeedFetcher fetcher = new FeedFetcher(http, FETCH_TIMEOUT, 16L << 20, "silgeom-test");
        EdgeGate gate = new EdgeGate(sink, ArticleValidator.withDefaults(), Clock.systemUTC(), 1000);
        return new RssCollector(feeds, fetcher, new FeedItems(languages), FeedState.open(stateDir, 1000), gate,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), status::put, metrics, Clock.systemUTC());
    }

    private List<FeedSpec> feeds(String... names) {
        return java.util.Arrays.stream(names).map(n -> new FeedSpec(n,
                server.url("/" + n + (n.equals("world") ? ".atom" : ".rss")), Duration.ofMinutes(5), Source.NEWS)).toList();
    }

    private List<String> errorsAbout(String feed) {
        return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("rss: feed: " + feed + ",")).toList();
    }

    private static String rss(String lang, String... items) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Test</title>"
                + "<link>https://news.example.com/</link><description>d</description>"
                + (lang == null ? "" : "<language>" + lang + "</language>") + String.join("", items) + "</channel></rss>";
    }

    private static String item(String guid, String title, String description) {
        return "<item><guid isPermaLink=\"false\">" + guid + "</guid><title>" + title + "</title>"
                + "<link>https://news.example.com/" + guid + "</link>"
                + "<description><![CDATA[" + description + "]]></description>"
                + "<pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate></item>";
    }

    private static String atom() {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"
                + "<title>World</title><id>urn:world</id><updated>2026-11-25T08:30:00Z</updated>"
                + "<entry><id>urn:world:1</id><title>Typhoon season ends early</title>"
                + "<link href=\"https://world.example.com/1\"/><published>2026-11-25T08:30:00Z</published>"
                + "<updated>2026-11-25T08:45:00Z</updated><author><name>Jane Reporter</name></author>"
                + "<summary type=\"html\">&lt;p&gt;Forecasters say the typhoon season ended early.&lt;/p&gt;</summary>"
                + "</entry></feed>";
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(byte[] json) {
        try {
            return ArticleJson.decodeTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
