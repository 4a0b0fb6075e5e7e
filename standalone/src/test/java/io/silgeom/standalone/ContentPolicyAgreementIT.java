package io.silgeom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.archive.RawArchiver;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.batch.job.KeywordHourlyLine;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.SpeedViewSums;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedOptions;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/**
 * Issue 6, item 4: both views apply the same content policy. A mixed stream — clean news, hateful posts, offensive
 * posts, blocklisted words, a user blocklist, social authors who post about the same thing several times an hour —
 * goes through the speed layer and, from the raw archive, through the batch MapReduce job; every (hour, language,
 * source, keyword) count must be equal in both, and the policy's effects must be visible in them.
 */
class ContentPolicyAgreementIT {
    private static final String HATE = "RT @%s: BLOWIN SO MANY NIGGAS THEY SHOULD CALL ME HURRICANE SANDY KARDASHIAN.";

    @TempDir
    java.nio.file.Path workDir;

    private final List<Article> sent = new ArrayList<>();

    @Test
    void theSpeedAndBatchViewsCountTheSameArticlesAndKeywordsUnderTheContentPolicy() throws Exception {
        java.nio.file.Path userBlocklist = workDir.resolve("our-blocklist.txt");
        Files.writeString(userBlocklist, "# a keyword our editors may not chart\nkardashian\n");
        try (EmbeddedStack stack = EmbeddedStack.start(new EmbeddedOptions(0, 0, workDir.resolve("stack")))) {
            Settings settings = stack.settings()
                    .with("speed.flush.interval", "200ms")
                    .with("archive.flush.interval", "500ms")
                    .with(ContentPolicy.BLOCKLIST_FILE.name(), userBlocklist.toString());
            CoreConfig core = CoreConfig.from(settings);
            DocumentAnalyzer analyzer = DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create());
            SpeedLayer speed = stack.track(SpeedLayer.start(SpeedConfig.from(settings), core, analyzer, null));
            RawArchiver archiver = stack.track(RawArchiver.start(core, BatchConfig.from(settings), stack.hadoopConfiguration()));
            ArticlePublisher publisher = stack.track(ArticlePublisher.create(IngestConfig.from(settings).publisherOptions(core)));
            RedisClient redis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));

            Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
            for (int i = 0; i < 12; i++) {
                send(publisher, news("n" + i, "reuters", hour.plusSeconds(60L * i), "Hurricane Sandy floods the subway in New York"));
                send(publisher, news("k" + i, "yonhap", hour.plusSeconds(60L * i + 5), "손흥민 결승골, 토트넘 승리"));
            }
            for (int i = 0; i < 6; i++) {
                // hate: excluded from every count, in both views
                send(publisher, post("h" + i, "troll" + i, hour.plusSeconds(100L * i), String.format(HATE, "troll" + i)));
                // offensive: counts, but "damn" and "stupid" never become keywords
                send(publisher, post("o" + i, "angry" + i, hour.plusSeconds(100L * i + 7),
                        "Damn this stupid storm, Sandy flooded the subway"));
                // clean, with a blocklisted word
                send(publisher, news("b" + i, "tabloid", hour.plusSeconds(100L * i + 9),
                        "Mayor calls storm response bullshit as subway reopens"));
            }
            // One author, four posts about the subway within the hour: one count per keyword.
            for (int i = 0; i < 4; i++) {
                send(publisher, post("a" + i, "commuter", hour.plusSeconds(600L * i + 11), "Subway closed again, Sandy damage everywhere"));
            }
            send(publisher, news("n0", "reuters", hour, "Hurricane Sandy floods the subway in New York")); // a duplicate
            publisher.flush();
            MergedCountsCheck.awaitConsumed(speed, archiver, sent.size());

            long expectedFiltered = sent.stream().filter(a -> analyzer.analyze(a).filtered()).count();
            assertThat(expectedFiltered).as("the shipped model filters the hateful posts").isEqualTo(6);
            assertThat(speed.stats().filtered()).isEqualTo(expectedFiltered);

            Map<String, Map<String, Long>> batch = batchCounts(stack, archiver, settings, hour.plus(Duration.ofHours(2)));
            Map<String, Map<String, Long>> speedView = speedCounts(redis, speed.generation(), batch.keySet(), hour);

            assertThat(batch).as("batch view").isNotEmpty();
            assertThat(speedView).as("speed view = batch view, per hour, language, source and keyword").isEqualTo(batch);

            Map<String, Long> total = batch.get(TimeBuckets.hourId(hour) + ":all:all");
            KeywordExtractor words = analyzer.extractor();
            assertThat(total).doesNotContainKeys(words.canonicalForm("damn"), words.canonicalForm("stupid"),
                    words.canonicalForm("bullshit"), words.canonicalForm("Kardashian"), words.canonicalForm("niggas"));
            // 12 Reuters stories, 6 offensive posts, 6 tabloid stories and 1 commuter (4 posts) mention the subway.
            assertThat(total.get(words.canonicalForm("subway"))).isEqualTo(12 + 6 + 6 + 1);
            assertThat(total.get(words.canonicalForm("손흥민"))).isEqualTo(12);
            // The hateful posts' other words (Sandy) are not counted either: 12 + 6 offensive + 4 commuter posts -> 1.
            assertThat(total.get(words.canonicalForm("Sandy"))).isEqualTo(12 + 6 + 1);
        }
    }

    private void send(ArticlePublisher publisher, Article article) {
        publisher.publish(article);
        sent.add(article);
    }

    /** "{hourId}:{lang}:{source}" → keyword → count, from a MapReduce run over the whole archive, with the policy. */
    private static Map<String, Map<String, Long>> batchCounts(EmbeddedStack stack, RawArchiver archiver, Settings settings,
                                                              Instant cutoff) throws Exception {
        Configuration conf = new Configuration(stack.hadoopConfiguration());
        KeywordHourlyJob.configure(conf, cutoff, archiver.archivedOffsets());
        KeywordHourlyJob.configurePolicy(conf, settings);
        String root = stack.hdfsRoot().toString();
        assertThat(ToolRunner.run(conf, new KeywordHourlyJob(), new String[] {root, "policy"})).isZero();
        Path out = new Path(root + "/views/keyword_hourly/v=policy");
        FileSystem fs = out.getFileSystem(conf);
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (FileStatus f : fs.listStatus(out, p -> p.getName().startsWith("part-"))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(f.getPath()), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    KeywordHourlyLine l = KeywordHourlyLine.parse(line);
                    for (Slice s : Slice.rollUps(l.lang(), l.source())) {
                        counts.computeIfAbsent(l.hourId() + ":" + s, k -> new TreeMap<>()).merge(l.canonical(), l.count(), Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** The same shape from the speed view's hour hashes: every slice the batch has, and the hour's total. */
    private static Map<String, Map<String, Long>> speedCounts(RedisClient redis, String generation,
                                                              Iterable<String> hourSlices, Instant hour) {
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        List<String> names = new ArrayList<>();
        hourSlices.forEach(names::add);
        names.add(TimeBuckets.hourId(hour) + ":all:all");
        for (String name : names) {
            String[] parts = name.split(":");
            // The speed view stores leaves; a roll-up is their sum, as every reader computes it.
            Map<String, String> hash = SpeedViewSums.hour(redis, generation, parts[0], new Slice(parts[1], parts[2]));
            if (!hash.isEmpty()) {
                Map<String, Long> c = new TreeMap<>();
                hash.forEach((k, v) -> c.put(k, Long.parseLong(v)));
                counts.put(name, c);
            }
        }
        return counts;
    }

    private static Article news(String id, String site, Instant at, String title) {
        return new Article(id, Source.NEWS, site, null, null, at, title, null, "https://" + site + ".example/" + id);
    }

    private static Article post(String id, String author, Instant at, String text) {
        return new Article(id, Source.SOCIAL, "x", author, "en", at, null, text, null);
    }
}
