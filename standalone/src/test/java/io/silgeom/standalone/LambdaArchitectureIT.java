package io.silgeom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * The test that proves the architecture (issue 2, item 6): against a real Kafka broker, a real redis-server and a
 * real MapReduce run, the merged counts the REST API serves equal, keyword by keyword and hour by hour, a full batch
 * recompute over everything that was streamed.
 */
class LambdaArchitectureIT {
    private static final List<String> ENGLISH = List.of("Storm", "flood", "Boston", "election", "Samsung", "hurricane",
            "earthquake", "vaccine", "football", "bitcoin", "NASA", "rocket", "market", "tornado", "wildfire",
            "senator", "budget", "iPhone", "festival", "museum");
    private static final List<String> KOREAN = List.of("삼성전자", "손흥민", "방탄소년단", "부동산", "대통령", "선거",
            "태풍", "환율", "코스피", "국회", "아이폰", "지진", "홍수", "축구", "백신");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private final Random random = new Random(20241125L);
    private final List<Article> sentArticles = new ArrayList<>();
    private final Set<String> sentInvalid = new HashSet<>();
    private int sentRecords;

    @Test
    void mergedCountsEqualAFullBatchRecomputeHourByHour() throws Exception {
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir))) {
            Settings settings = stack.settings()
                    .with("serving.port", "0")
                    .with("serving.refresh.interval", "1s")
                    .with("speed.flush.interval", "200ms")
                    .with("archive.flush.interval", "500ms");
            CoreConfig core = CoreConfig.from(settings);
            SpeedLayer speed = stack.track(SpeedLayer.start(SpeedConfig.from(settings), core,
                    DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create()), null));
            RawArchiver archiver = stack.track(RawArchiver.start(core, BatchConfig.from(settings), stack.hadoopConfiguration()));
            RedisClient redis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));
            ServingLayer serving = stack.track(ServingLayer.start(ServingConfig.from(settings), core, AdminActions.NONE,
                    Clock.systemUTC()));
            ArticlePublisher publisher = stack.track(ArticlePublisher.create(IngestConfig.from(settings).publisherOptions(core)));

            Instant now = Instant.now();
            Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
            Instant cutoff = currentHour.minus(Duration.ofHours(2));
            Instant firstHour = cutoff.minus(Duration.ofHours(4));

            // Phase 1: articles over six hours on both sides of the coming cutoff, with duplicates and invalid records.
            streamArticles(publisher, 600, firstHour, now);
            republishDuplicates(publisher, 30);
            sendInvalidRecords(publisher);
            publisher.flush();
            MergedCountsCheck.awaitConsumed(speed, archiver, sentRecords);

            // The batch run with its cutoff in the middle: hours < T now come from the batch view.
            BatchReport report = new BatchRun(core, BatchConfig.from(settings), stack.hadoopConfiguration(), redis,
                    Clock.systemUTC()).withArchiveFlush(archiver::flush).run(Optional.of(cutoff), BatchProgressListener.NONE);
            assertThat(report.succeeded()).as("batch run: %s", report).isTrue();

            // Phase 2: more articles after the cutoff, duplicates of phase-1 articles on both sides of it, and late
            // articles (event time before the cutoff, arriving after the run).
            streamArticles(publisher, 300, cutoff, now);
            republishDuplicates(publisher, 40);
            streamArticles(publisher, 50, firstHour, cutoff);
            publisher.flush();
            MergedCountsCheck.awaitConsumed(speed, archiver, sentRecords);

            // The reference: one full recompute over everything archived, cutoff after the last event.
            Map<String, Map<String, Long>> expected =
                    MergedCountsCheck.fullRecompute(stack, archiver, currentHour.plus(Duration.ofHours(1)));
            assertThat(expected).as("the recompute found articles in every hour").hasSizeGreaterThanOrEqualTo(6);
            HttpClient http = HttpClient.newHttpClient();
            String api = "http://127.0.0.1:" + serving.port() + "/api/v1";

            // Until the next batch run, the late articles are in neither view: hours before the cutoff fall short.
            long servedBeforeCutoff = 0;
            long expectedBeforeCutoff = 0;
            for (Instant h = firstHour; h.isBefore(cutoff); h = h.plus(Duration.ofHours(1))) {
                servedBeforeCutoff += MergedCountsCheck.servedCounts(http, api, h).values().stream().mapToLong(Long::longValue).sum();
                expectedBeforeCutoff += expected.getOrDefault(TimeBuckets.hourId(h), Map.of()).values().stream()
                        .mapToLong(Long::longValue).sum();
            }
            assertThat(servedBeforeCutoff).isLessThan(expectedBeforeCutoff);

            // The next run (same cutoff) picks them up from the archive.
            BatchReport second = new BatchRun(core, BatchConfig.from(settings), stack.hadoopConfiguration(), redis,
                    Clock.systemUTC()).withArchiveFlush(archiver::flush).run(Optional.of(cutoff), BatchProgressListener.NONE);
            assertThat(second.succeeded()).as("second batch run: %s", second).isTrue();

            // Now every hour, on both sides of the cutoff, equals the recompute, keyword by keyword.
            for (Instant h = firstHour; !h.isAfter(currentHour); h = h.plus(Duration.ofHours(1))) {
                assertThat(MergedCountsCheck.servedCounts(http, api, h)).as("hour %s (%s)", h, h.isBefore(cutoff) ? "batch" : "speed")
                        .isEqualTo(expected.getOrDefault(TimeBuckets.hourId(h), Map.of()));
            }

            // A series across the cutoff marks where each point came from.
            String keyword = URLEncoder.encode("삼성전자", StandardCharsets.UTF_8);
            JsonNode series = MergedCountsCheck.get(http, api + "/keywords/" + keyword + "/series?step=PT1H&from=" + firstHour + "&to="
                    + currentHour.plus(Duration.ofHours(1)));
            List<String> marks = new ArrayList<>();
            series.path("points").forEach(p -> marks.add(p.path("view").asText()));
            assertThat(marks).containsExactly("batch", "batch", "batch", "batch", "speed", "speed", "speed");

            // Every invalid record is in the dead-letter topic, with a reason.
            Map<String, String> dlq = readDeadLetters(stack.kafkaBootstrap(), core.dlqTopic());
            assertThat(dlq.keySet()).isEqualTo(sentInvalid);
            assertThat(dlq.values()).allSatisfy(reason -> assertThat(reason).isNotBlank());

            // Duplicates were seen and counted once: the speed layer says so, and the equality above proves it.
            assertThat(speed.stats().duplicates()).isPositive();
        }
    }

    private void streamArticles(ArticlePublisher publisher, int n, Instant from, Instant to) {
        long spanMs = Duration.between(from, to).toMillis();
        for (int i = 0; i < n; i++) {
            Instant t = from.plusMillis((long) (random.nextDouble() * spanMs));
            boolean korean = random.nextInt(3) == 0;
            List<String> words = korean ? KOREAN : ENGLISH;
            StringBuilder title = new StringBuilder();
            int len = 2 + random.nextInt(4);
            for (int w = 0; w < len; w++) {
                // Squaring the uniform draw gives a skewed (Zipf-like) vocabulary: some keywords trend.
                double u = random.nextDouble();
                title.append(w == 0 ? "" : " ").append(words.get((int) (u * u * words.size())));
            }
            String lang = random.nextInt(4) == 0 ? null : (korean ? "ko" : "en"); // some left to detection
            Source source = random.nextBoolean() ? Source.NEWS : Source.SOCIAL;
            Article a = new Article("it-" + sentArticles.size(), source, source == Source.NEWS ? "yonhap" : "x",
                    null, lang, t, title.toString(), null, null);
            publisher.publish(a);
            sentArticles.add(a);
            sentRecords++;
        }
    }

    private void republishDuplicates(ArticlePublisher publisher, int n) {
        for (int i = 0; i < n; i++) {
            publisher.publish(sentArticles.get(random.nextInt(sentArticles.size())));
            sentRecords++;
        }
    }

    private void sendInvalidRecords(ArticlePublisher publisher) {
        List<String> invalid = List.of(
                "{\"id\":\"bad-1\",\"source\":\"news\",\"title\":\"no time\"}",
                "{\"id\":\"bad-2\",\"source\":\"blog\",\"publishedAt\":\"2024-05-01T10:00:00Z\",\"title\":\"x\"}",
                "{\"id\":\"bad-3\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T10:00:00Z\"}",
                "not json at all",
                "{\"id\":\"bad-5\",\"source\":\"news\",\"publishedAt\":\"2999-01-01T00:00:00Z\",\"title\":\"future\"}");
        for (String raw : invalid) {
            publisher.publishRaw("bad", raw.getBytes(StandardCharsets.UTF_8));
            sentInvalid.add(raw);
            sentRecords++;
        }
    }

    /** raw record → reason, for every dead letter in the topic. */
    private static Map<String, String> readDeadLetters(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-reader");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, String> out = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(20);
            while (out.size() < 5 && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    DeadLetter d = ArticleJson.decodeDeadLetter(r.value());
                    out.put(d.raw(), d.reason());
                }
            }
        }
        return out;
    }

}
