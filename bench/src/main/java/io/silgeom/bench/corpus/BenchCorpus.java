package io.silgeom.bench.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.ingest.collect.FileReplay;
import io.silgeom.ingest.collect.InputFormat;
import io.silgeom.ingest.collect.ProgressListener;
import io.silgeom.ingest.collect.ReplayOptions;
import io.silgeom.ingest.collect.TimeShift;
import io.silgeom.ingest.publish.ArticleSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents the benchmark sends: the three shared datasets (read where they are, never copied), mixed into one
 * stream of live traffic.
 *
 * <ol>
 *   <li>Read CrisisLex T6 (English tweets, social) and Reuters-21578 (English newswire, news) with the very replay
 *       code {@code silgeom replay} runs ({@link FileReplay}, the column mappings of docs/ingest.md), and the Korean
 *       entertainment headlines of kocohub (news, one per line; the file repeats a headline once per comment under
 *       it, so only distinct headlines are kept: one headline is one article).</li>
 *   <li>Shuffle the pool with a fixed seed, so every stretch of the stream mixes tweets, newswire and Korean.</li>
 *   <li>Take {@code limit} documents, cycling the pool if it is shorter; a document of the k-th cycle (k &gt; 0)
 *       gets id suffix {@code ~k}, so it is a new article to the dedupe, not a duplicate.</li>
 *   <li>Re-time them as a live feed: event times rise evenly with stream position over the {@code window} that
 *       ends at {@code now}. The datasets are from 1987 and 2012-13; at their own times every bucket would be
 *       past its retention and the speed layer would write nothing.</li>
 * </ol>
 */
public final class BenchCorpus {
    private static final Logger LOG = LoggerFactory.getLogger(BenchCorpus.class);
    static final Path CRISISLEX = Path.of("crisislex_tweets", "crisislex_t6_tweets.csv");
    static final Path REUTERS = Path.of("reuters21578", "reuters21578.tsv");
    static final Path KOREAN_TITLES = Path.of("kocohub_korean_hate_speech", "news_title", "train.news_title.txt");

    private final List<Article> articles;
    private final List<byte[]> records;
    private final DatasetMix mix;
    private final List<Article> pool;

    private BenchCorpus(List<Article> articles, List<byte[]> records, DatasetMix mix, List<Article> pool) {
        this.articles = articles;
        this.records = records;
        this.mix = mix;
        this.pool = pool;
    }

    /** The share of each dataset in the pool before cycling. */
    public record DatasetMix(int tweets, int newswire, int koreanHeadlines) {
        public int total() {
            return tweets + newswire + koreanHeadlines;
        }
    }

    /**
     * @param dataDir the shared data directory (holds crisislex_tweets/, reuters21578/, kocohub_korean_hate_speech/)
     * @param limit   how many documents the stream has
     * @param window  event times spread over this span, ending at {@code now}
     */
    public static BenchCorpus load(Path dataDir, int limit, Duration window, Instant now, long seed)
            throws IOException, InterruptedException {
        Objects.requireNonNull(dataDir, "dataDir");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got: " + limit);
        }
        List<Article> tweets = replay(ReplayOptions.builder(existing(dataDir.resolve(CRISISLEX)))
                .map("id=tweet_id").map("publishedAt=created_at_utc").map("title=text")
                .source(Source.SOCIAL).lang("en").site("twitter").idPrefix("crisislex-").timeShift(TimeShift.NONE).build());
        List<Article> newswire = replay(ReplayOptions.builder(existing(dataDir.resolve(REUTERS))).format(InputFormat.TSV)
                .map("id=newid").map("publishedAt=date_iso").source(Source.NEWS).lang("en").site("reuters")
                .idPrefix("reuters-").timeShift(TimeShift.NONE).build());
        List<Article> korean = koreanHeadlines(existing(dataDir.resolve(KOREAN_TITLES)), now);
        DatasetMix mix = new DatasetMix(tweets.size(), newswire.size(), korean.size());

        List<Article> pool = new ArrayList<>(mix.total());
        pool.addAll(tweets);
        pool.addAll(newswire);
        pool.addAll(korean);
        Collections.shuffle(pool, new Random(seed));

        List<Article> articles = new ArrayList<>(limit);
        List<byte[]> records = new ArrayList<>(limit);
        Instant start = now.minus(window);
        long windowMs = window.toMillis();
        for (int i = 0; i < limit; i++) {
            int cycle = i / pool.size();
            Article base = pool.get(i % pool.size());
            Instant eventTime = start.plusMillis(windowMs * i / limit);
            Article a = new Article(cycle == 0 ? base.id() : base.id() + "~" + cycle, base.source(), base.site(),
                    base.author(), base.lang(), eventTime, base.title(), base.body(), base.url());
            articles.add(a);
            records.add(ArticleJson.encode(a));
        }
        LOG.info("corpus: {} tweets, {} newswire stories, {} distinct Korean headlines; {} documents ({} cycles)",
                mix.tweets(), mix.newswire(), mix.koreanHeadlines(), limit, (limit + pool.size() - 1) / pool.size());
        return new BenchCorpus(List.copyOf(articles), List.copyOf(records), mix, List.copyOf(pool));
    }

    /** The stream's articles, in stream order. */
    public List<Article> articles() {
        return articles;
    }

    /** The same articles as the JSON records a publisher sends (index-aligned with {@link #articles()}). */
    public List<byte[]> records() {
        return records;
    }

    public int size() {
        return articles.size();
    }

    public DatasetMix mix() {
        return mix;
    }

    /** The i-th document of the shuffled pool (any i, cycling): texts for traffic beyond the stream. */
    public Article poolArticle(long i) {
        return pool.get((int) (i % pool.size()));
    }

    public long totalRecordBytes() {
        return records.stream().mapToLong(r -> r.length).sum();
    }

    private static Path existing(Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("dataset not found: " + file
                    + " (see the READMEs in the shared data directory; pass --data DIR)");
        }
        return file;
    }

    private static List<Article> replay(ReplayOptions options) throws IOException, InterruptedException {
        CollectingSink sink = new CollectingSink();
        new FileReplay(options, sink, ProgressListener.none()).run();
        if (sink.deadLetters > 0) {
            LOG.info("corpus: {}: {} rows could not become articles (as the replay would dead-letter them)",
                    options.file().getFileName(), sink.deadLetters);
        }
        return sink.articles;
    }

    /** One headline per line, in double quotes; duplicates dropped (the file has one line per comment). */
    private static List<Article> koreanHeadlines(Path file, Instant now) throws IOException {
        Set<String> titles = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).strip();
            }
            if (!t.isEmpty()) {
                titles.add(t);
            }
        }
        List<Article> out = new ArrayList<>(titles.size());
        int n = 0;
        for (String title : titles) {
            // The file has no dates; the stream re-times every document anyway.
            out.add(new Article("kocohub-title-" + (++n), Source.NEWS, null, null, "ko", now, title, null, null));
        }
        return out;
    }

    /** Keeps what a replay publishes; counts what it would dead-letter. */
    private static final class CollectingSink implements ArticleSink {
        final List<Article> articles = new ArrayList<>();
        long deadLetters;

        @Override
        public void publish(Article article) {
            articles.add(article);
        }

        /** Most rows come as their JSON, written from the file's bytes: read back into the article they encode. */
        @Override
        public void publishEncoded(String id, byte[] json) {
            JsonNode n;
            try {
                n = ArticleJson.decodeTree(json);
            } catch (IOException e) {
                throw new UncheckedIOException("the replay wrote a record that is not JSON (key " + id + ")", e);
            }
            articles.add(new Article(id, Source.fromWire(n.get("source").textValue()).orElseThrow(), text(n, "site"),
                    text(n, "author"), text(n, "lang"), Instant.parse(n.get("publishedAt").textValue()), text(n, "title"),
                    text(n, "body"), text(n, "url")));
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null ? null : v.textValue();
        }

        @Override
        public void publishRaw(String key, byte[] value) {
            throw new IllegalStateException("a file replay never sends raw records (key " + key + ")");
        }

        @Override
        public void publishDeadLetter(String key, DeadLetter deadLetter) {
            deadLetters++;
        }

        @Override
        public void flush() {
            // nothing buffered
        }
    }
}
