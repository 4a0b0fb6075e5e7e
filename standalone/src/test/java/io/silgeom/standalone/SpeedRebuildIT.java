package io.silgeom.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.batch.archive.RawArchiver;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.schedule.BatchProgressListener;
import io.silgeom.batch.schedule.BatchReport;
import io.silgeom.batch.schedule.BatchRun;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.speed.rebuild.GenerationSweeper;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * Issue 3, item 5: the speed view is disposable. Against the real embedded stack, the current generation's keys are
 * destroyed, then {@code POST /api/v1/admin/rebuild-speed} rebuilds it from the batch view's offsets while articles
 * keep arriving and queries keep being answered; afterwards the merged counts equal a full recompute, hour by hour.
 */
class SpeedRebuildIT {
    private static final List<String> WORDS = List.of("Storm", "flood", "Boston", "election", "Samsung", "hurricane",
            "earthquake", "vaccine", "football", "bitcoin", "삼성전자", "손흥민", "태풍", "환율", "코스피");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-admin-token";

    @TempDir
    Path workDir;

    private final Random random = new Random(20261125L);
    private final List<Article> sentArticles = new ArrayList<>();
    private volatile int sentRecords;

    @Test
    void aRebuildWhileArticlesArriveServesWhatAFullRecomputeCountsAndQueriesAnswerThroughout() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = stack.settings()
                    .with("serving.port", "0")
                    .with("serving.refresh.interval", "1s")
                    .with("serving.admin.token", TOKEN)
                    .with("speed.flush.interval", "200ms")
                    .with("archive.flush.interval", "500ms");
            CoreConfig core = CoreConfig.from(settings);
            SpeedLayer speed = stack.track(SpeedLayer.start(SpeedConfig.from(settings), core,
                    DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create()), null));
            RawArchiver archiver = stack.track(RawArchiver.start(core, BatchConfig.from(settings), stack.hadoopConfiguration()));
            RedisClient redis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));
            ServingLayer serving = stack.track(ServingLayer.start(ServingConfig.from(settings), core,
                    new AdminActions(null, speed::rebuild), Clock.systemUTC()));
            ArticlePublisher publisher = stack.track(ArticlePublisher.create(IngestConfig.from(settings).publisherOptions(core)));
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + serving.port() + "/api/v1";

            Instant now = Instant.now();
            Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
            Instant cutoff = currentHour.minus(Duration.ofHours(2));
            Instant firstHour = cutoff.minus(Duration.ofHours(2));

            // Articles on both sides of the coming cutoff (some of the current hour are archived before the run, so
            // the batch view leaves them out although they are below its offsets), with duplicates.
            streamArticles(publisher, 400, firstHour, now);
            republishDuplicates(publisher, 20);
            publisher.flush();
            MergedCountsCheck.awaitConsumed(speed, archiver, sentRecords);
            BatchReport report = new BatchRun(core, BatchConfig.from(settings), stack.hadoopConfiguration(), redis,
                    Clock.systemUTC()).withArchiveFlush(archiver::flush).run(Optional.of(cutoff), BatchProgressListener.NONE);
            assertThat(report.succeeded()).as("batch run: %s", report).isTrue();
            streamArticles(publisher, 150, cutoff, now);
            republishDuplicates(publisher, 20);
            publisher.flush();
            MergedCountsCheck.awaitConsumed(speed, archiver, sentRecords);

            // Damage: the current generation of the speed view is lost (its counts, offsets and seen markers).
            String damaged = speed.generation();
            Set<String> keys = redis.keys(GenerationSweeper.pattern(damaged));
            assertThat(keys).isNotEmpty();
            redis.del(keys.toArray(String[]::new));
            assertThat(servedTotal(http, api, cutoff, currentHour)).as("speed hours after the damage").isZero();

            // While the rebuild runs: articles keep arriving (after the cutoff, and duplicates) and queries keep coming.
            AtomicBoolean running = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
            Thread writer = new Thread(() -> {
                while (running.get()) {
                    streamArticles(publisher, 5, cutoff, Instant.now());
                    republishDuplicates(publisher, 1);
                    sleep(50);
                }
            }, "it-articles");
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    answers.add(status(http, api + "/top?limit=20&from=" + cutoff + "&to=" + currentHour.plus(Duration.ofHours(1))));
                    sleep(50);
                }
            }, "it-queries");
            writer.start();
            reader.start();
            sleep(300);

            assertThat(post(http, api + "/admin/rebuild-speed")).isEqualTo(202);
            assertThat(post(http, api + "/admin/rebuild-speed")).as("a second rebuild while one runs").isEqualTo(409);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !speed.isRebuilding());
            String rebuilt = redis.get(RedisKeys.SPEED_CURRENT);
            assertThat(rebuilt).as("the new generation is published").isNotNull().isNotEqualTo(damaged);
            assertThat(speed.generation()).as("and written from then on").isEqualTo(rebuilt);
            sleep(500);   // articles and queries after the switch too
            running.set(false);
            writer.join();
            reader.join();
            publisher.flush();
            MergedCountsCheck.awaitConsumed(speed, archiver, sentRecords);

            assertThat(answers).as("queries during the rebuild").hasSizeGreaterThan(5).containsOnly(200);
            Map<String, Map<String, Long>> expected =
                    MergedCountsCheck.fullRecompute(stack, archiver, currentHour.plus(Duration.ofHours(1)));
            for (Instant h = firstHour; !h.isAfter(currentHour); h = h.plus(Duration.ofHours(1))) {
                assertThat(MergedCountsCheck.servedCounts(http, api, h)).as("hour %s (%s)", h, h.isBefore(cutoff) ? "batch" : "speed")
                        .isEqualTo(expected.getOrDefault(TimeBuckets.hourId(h), Map.of()));
            }
            assertThat(speed.isRebuilding()).isFalse();
        }
    }

    private synchronized void streamArticles(ArticlePublisher publisher, int n, Instant from, Instant to) {
        long spanMs = Math.max(1, Duration.between(from, to).toMillis());
        for (int i = 0; i < n; i++) {
            Instant t = from.plusMillis((long) (random.nextDouble() * spanMs));
            StringBuilder title = new StringBuilder();
            int len = 2 + random.nextInt(3);
            for (int w = 0; w < len; w++) {
                double u = random.nextDouble();
                title.append(w == 0 ? "" : " ").append(WORDS.get((int) (u * u * WORDS.size())));
            }
            Source source = random.nextBoolean() ? Source.NEWS : Source.SOCIAL;
            Article a = new Article("rb-" + sentArticles.size(), source, source == Source.NEWS ? "yonhap" : "x",
                    null, null, t, title.toString(), null, null);
            publisher.publish(a);
            sentArticles.add(a);
            sentRecords++;
        }
    }

    private synchronized void republishDuplicates(ArticlePublisher publisher, int n) {
        for (int i = 0; i < n; i++) {
            publisher.publish(sentArticles.get(random.nextInt(sentArticles.size())));
            sentRecords++;
        }
    }

    private static long servedTotal(HttpClient http, String api, Instant from, Instant lastHour) throws Exception {
        long total = 0;
        for (Instant h = from; !h.isAfter(lastHour); h = h.plus(Duration.ofHours(1))) {
            total += MergedCountsCheck.servedCounts(http, api, h).values().stream().mapToLong(Long::longValue).sum();
        }
        return total;
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;   // counted as a failed answer
        }
    }

    private static int post(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
