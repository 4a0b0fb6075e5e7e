package io.silgeom.standalone.reliability;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.time.TimeBuckets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The articles a reliability test sends, and what the speed view must hold for them, computed without the speed
 * layer: the analysis both views run ({@code KeywordExtractor}, or the content policy's {@code DocumentAnalyzer}) over
 * the distinct articles (by id), bucketed by hour of event time.
 *
 * <p>Every article is a news article without an author, so the social-author rule never applies. Event times are
 * spread over the last three hours (well inside the speed view's retention); some articles are sent twice (a
 * re-published item, same id and content, so the same partition): the speed view must count them once. Keys are
 * the ids, as the real publisher does.
 */
final class ArticleStream implements AutoCloseable {
    private static final List<String> WORDS = List.of("Storm", "flood", "Boston", "election", "Samsung", "hurricane",
            "earthquake", "vaccine", "football", "bitcoin", "senate", "wildfire", "삼성전자", "손흥민", "태풍", "환율",
            "코스피", "반도체");

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Random random;
    private final Instant from;
    private final Instant to;
    private final List<Article> distinct = new ArrayList<>();
    private int records;

    ArticleStream(String bootstrap, String topic, long seed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.random = new Random(seed);
        this.to = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.SECONDS);
        this.from = to.minus(Duration.ofHours(3));
    }

    /** Sends {@code n} new articles, and about one in ten of them once more. Waits until Kafka has them all. */
    synchronized void send(int n) {
        for (int i = 0; i < n; i++) {
            Article a = article();
            distinct.add(a);
            publish(a);
            if (random.nextInt(10) == 0) {
                publish(distinct.get(random.nextInt(distinct.size())));
            }
        }
        producer.flush();
    }

    synchronized int records() {
        return records;
    }

    synchronized int articles() {
        return distinct.size();
    }

    /** Every hour any article falls in, oldest first. */
    List<String> hourIds() {
        List<String> hours = new ArrayList<>();
        for (Instant h = TimeBuckets.hourStart(from); !h.isAfter(to); h = h.plus(Duration.ofHours(1))) {
            hours.add(TimeBuckets.hourId(h));
        }
        return hours;
    }

    /**
     * hourId → canonical keyword → distinct articles: what the speed view's all:all hour buckets must hold.
     *
     * @param analysis the analysis the speed layer under test runs (the same code the batch layer runs), e.g.
     *                 {@code KeywordExtractor::analyze}; an article it marks filtered counts nowhere
     */
    synchronized Map<String, Map<String, Long>> expectedHours(Function<Article, Analysis> analysis) {
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (Article a : distinct) {
            Analysis an = analysis.apply(a);
            if (an.filtered()) {
                continue;
            }
            Map<String, Long> hour = expected.computeIfAbsent(TimeBuckets.hourId(a.publishedAt()), h -> new TreeMap<>());
            // One count per article per keyword (canonical form), as DESIGN.md §4 counts.
            for (String canonical : new TreeSet<>(an.keywords().stream().map(Keyword::canonical).toList())) {
                hour.merge(canonical, 1L, Long::sum);
            }
        }
        return expected;
    }

    /** hourId → distinct articles not filtered: what the speed view's per-hour document counts must hold for all:all. */
    synchronized Map<String, Long> expectedDocs(Function<Article, Analysis> analysis) {
        Map<String, Long> docs = new LinkedHashMap<>();
        for (Article a : distinct) {
            if (!analysis.apply(a).filtered()) {
                docs.merge(TimeBuckets.hourId(a.publishedAt()), 1L, Long::sum);
            }
        }
        return new TreeMap<>(docs);
    }

    private Article article() {
        Instant t = from.plusMillis((long) (random.nextDouble() * Duration.between(from, to).toMillis()));
        StringBuilder title = new StringBuilder();
        int len = 2 + random.nextInt(4);
        for (int w = 0; w < len; w++) {
            double u = random.nextDouble();
            title.append(w == 0 ? "" : " ").append(WORDS.get((int) (u * u * WORDS.size())));
        }
        return new Article("rel-" + distinct.size(), Source.NEWS, "yonhap", null, null, t, title.toString(), null, null);
    }

    private void publish(Article a) {
        producer.send(new ProducerRecord<>(topic, a.id(), ArticleJson.encode(a)));
        records++;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
