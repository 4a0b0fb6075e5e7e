package io.silgeom.standalone.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import redis.clients.jedis.RedisClient;

/**
 * The dashboard at {@code /} in a real headless chromium, against the real embedded stack (Kafka broker,
 * redis-server, speed layer, serving layer): the chart shows what was published, follows new articles without a
 * reload, filters by language, and shows hostile keyword labels as text.
 */
class DashboardBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UI_WAIT = Duration.ofSeconds(15);
    /** Inline handlers and a script element: each runs if the page ever puts a label in through innerHTML. */
    private static final String MARKUP = "<img src=x onerror=\"window.__xss=1\">Typhoon<script>window.__xss=1</script>";

    @TempDir
    Path workDir;

    @TempDir
    Path browserProfile;

    private int published;

    @Test
    void theLiveChartFollowsTheStreamFiltersByLanguageAndShowsMarkupAsText() throws Exception {
        // First, so that a machine without the browser fails in a second, before the stack starts.
        ChromeDriver browser = HeadlessChromium.start(browserProfile);
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            stack.track(browser::quit);
            Settings settings = stack.settings()
                    .with("serving.port", "0")
                    .with("serving.refresh.interval", "1s")
                    .with("speed.flush.interval", "200ms");
            CoreConfig core = CoreConfig.from(settings);
            KeywordExtractor extractor = KeywordExtractor.create();
            stack.track(SpeedLayer.start(SpeedConfig.from(settings), core, extractor, null));
            RedisClient redis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));
            ServingLayer serving = stack.track(ServingLayer.start(ServingConfig.from(settings), core, AdminActions.NONE,
                    Clock.systemUTC()));
            ArticlePublisher publisher = stack.track(ArticlePublisher.create(IngestConfig.from(settings).publisherOptions(core)));
            String base = "http://127.0.0.1:" + serving.port();
            JavascriptExecutor page = browser;

            // The analyzer only ever makes words and #hashtags of letters, so no markup reaches a label through
            // articles alone. A display form is free text in Redis, though (anything that writes the hash decides
            // it), so the page must not trust it: seeded before the speed layer's HSETNX, this one stays.
            String typhoon = extractor.canonicalForm("Typhoon");
            redis.hset(RedisKeys.DISPLAY, typhoon, MARKUP);

            // 1. An hour in which one keyword dominates; the typhoon articles carry the markup in their titles too.
            Instant now = Instant.now();
            // Few other words, so that every keyword fits in the page's 20 rows (ties would otherwise decide).
            List<String> tails = List.of("warning", "Florida");
            for (int i = 0; i < 50; i++) {
                publish(publisher, "en", now.minusSeconds(60L * (i % 40) + 5), "Hurricane " + tails.get(i % tails.size()));
            }
            for (int i = 0; i < 12; i++) {
                publish(publisher, "en", now.minusSeconds(30L * i + 5),
                        "Typhoon <img src=x onerror=\"window.__xss=1\"> <script>window.__xss=1</script> nears islands");
            }
            publisher.flush();
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(getJson(http, base + "/api/v1/trends").path("items").size()).isPositive());

            browser.get(base + "/");
            // Survives only as long as the page is not reloaded.
            page.executeScript("window.__sameDocument = true;");
            await().atMost(UI_WAIT).untilAsserted(() -> {
                List<Row> rows = rows(page);
                assertThat(rows).isNotEmpty();
                assertThat(rows.get(0)).isEqualTo(new Row("1", "Hurricane"));
            });
            await().atMost(UI_WAIT).untilAsserted(() ->
                    assertThat(browser.findElement(By.id("live")).getText()).isEqualTo("live"));

            // 2. A burst of a new Korean keyword reaches the open page through the stream, without a reload.
            for (int i = 0; i < 30; i++) {
                publish(publisher, "ko", now.minusSeconds(10L * i + 5), "삼성전자 신제품 공개 " + (i % 3 == 0 ? "반도체" : "스마트폰"));
            }
            publisher.flush();
            await().atMost(UI_WAIT).untilAsserted(() ->
                    assertThat(rows(page)).extracting(Row::keyword).contains("삼성전자"));
            assertThat(page.executeScript("return window.__sameDocument === true;")).isEqualTo(true);
            assertThat(rows(page).get(0)).isEqualTo(new Row("1", "Hurricane"));

            // 3. The language filter: English only, so the Korean keyword leaves the chart and Hurricane stays first.
            browser.findElement(By.cssSelector("#langs button[data-lang='en']")).click();
            await().atMost(UI_WAIT).untilAsserted(() -> {
                List<Row> rows = rows(page);
                assertThat(rows).extracting(Row::keyword).doesNotContain("삼성전자").isNotEmpty();
                assertThat(rows.get(0)).isEqualTo(new Row("1", "Hurricane"));
            });
            assertThat(browser.findElement(By.cssSelector("#langs button.on")).getText()).isEqualTo("English");

            // 4. The hostile label is on the chart as text: no element was made from it and nothing ran.
            await().atMost(UI_WAIT).untilAsserted(() ->
                    assertThat(rows(page)).extracting(Row::keyword).contains(MARKUP));
            assertThat(page.executeScript("return document.querySelectorAll('main img, main script').length;"))
                    .isEqualTo(0L);
            // ... nor in the detail panel, which puts the same label in its title.
            browser.findElement(By.cssSelector("#ranking li.row[data-keyword='" + typhoon + "']")).click();
            await().atMost(UI_WAIT).untilAsserted(() ->
                    assertThat(browser.findElement(By.id("detail-title")).getAttribute("textContent")).isEqualTo(MARKUP));
            // ... nor in the evidence headlines under it, whose titles carry markup of their own.
            await().atMost(UI_WAIT).untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("#evidence li .headline")))
                    .isNotEmpty().allSatisfy(h -> assertThat(h.getAttribute("textContent")).contains("<script>window.__xss=1</script>")));
            assertThat(page.executeScript("return document.querySelectorAll('main img, main script').length;"))
                    .isEqualTo(0L);
            assertThat(page.executeScript("return typeof window.__xss;")).isEqualTo("undefined");

            // The control: in this browser the same markup does run once it is parsed as HTML, so the checks
            // above would have caught a page that did so.
            page.executeScript("var d = document.createElement('div'); d.innerHTML = arguments[0];"
                    + " document.body.appendChild(d);", MARKUP);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(page.executeScript("return window.__xss;")).isEqualTo(1L));
        }
    }

    private void publish(ArticlePublisher publisher, String lang, Instant at, String title) {
        // Three sites take turns: a keyword needs two distinct voices to chart (serving.trend.min.voices).
        publisher.publish(new Article("dash-" + published, Source.NEWS, "wire" + (published % 3), null, lang, at, title,
                null, null));
        published++;
    }

    /** A chart row as the page shows it. */
    private record Row(String rank, String keyword) {
    }

    /** The rows of the ranking, read from the DOM the page built, in order. */
    @SuppressWarnings("unchecked")
    private static List<Row> rows(JavascriptExecutor page) {
        List<List<String>> cells = (List<List<String>>) page.executeScript(
                "return Array.from(document.querySelectorAll('#ranking li.row')).map(function (li) {"
                        + " return [li.querySelector('.rank').textContent, li.querySelector('.kw').textContent]; });");
        return cells.stream().map(c -> new Row(c.get(0), c.get(1))).toList();
    }

    private static JsonNode getJson(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s -> %s", url, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
