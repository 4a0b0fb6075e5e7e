package io.silgeom.speed.apply;

import io.silgeom.core.article.Article;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The records of one topic partition read since its last apply, in offset order: the articles to count,
 * and the offset every record moves the partition to, counted or not (an invalid or late record still has
 * to move the stored offset on, or a restart would read it again forever).
 *
 * <p>Not thread-safe: the consumer thread owns it until {@link SpeedViewWriter#apply} has run.
 */
public final class PartitionBatch {
    /** Sentinel of {@link #lastOffset()} before any record was added. */
    public static final long NO_OFFSET = -1L;

    private static final Comparator<Keyword> BY_CANONICAL = Comparator.comparing(Keyword::canonical);

    private final String topic;
    private final int partition;
    private final List<CountedArticle> articles = new ArrayList<>();
    private long firstOffset = NO_OFFSET;
    private long lastOffset = NO_OFFSET;
    private int records;

    public PartitionBatch(String topic, int partition) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic must not be blank");
        }
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got: " + partition);
        }
        this.topic = topic;
        this.partition = partition;
    }

    /**
     * Adds an article to count: under the leaf slice of its language and source, for each keyword.
     *
     * @throws IllegalArgumentException if the offset does not follow the last one, or the analysis names a
     *                                  language that is not a slice (the batch is left unchanged)
     */
    public void count(long offset, Article article, Analysis analysis) {
        count(offset, article, analysis, sortedKeywords(analysis));
    }

    /**
     * {@link #count(long, Article, Analysis)} with the analysis's keywords already sorted ({@link #sortedKeywords}),
     * which the speed layer does on its analysis threads.
     */
    public void count(long offset, Article article, Analysis analysis, List<Keyword> sortedKeywords) {
        Objects.requireNonNull(article, "article");
        Objects.requireNonNull(analysis, "analysis");
        checkOrder(offset);
        Slice leaf = Slice.leaf(analysis.lang(), article.source().wireName());
        articles.add(new CountedArticle(offset, article, leaf, sortedKeywords));
        advanceTo(offset);
    }

    /**
     * The keywords of an analysis sorted by canonical form, so that the same batch always gives the same script call
     * (readable logs, stable tests): {@link Analysis#keywords()} is a set whose order changes from one JVM to the next.
     */
    public static List<Keyword> sortedKeywords(Analysis analysis) {
        Keyword[] keywords = analysis.keywords().toArray(new Keyword[0]);
        Arrays.sort(keywords, BY_CANONICAL);
        return List.of(keywords);
    }

    /** Adds a record that is not counted (invalid, late): it only moves the offset on. */
    public void pass(long offset) {
        checkOrder(offset);
        advanceTo(offset);
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    /** Offset of the first record added, or {@link #NO_OFFSET}: where to read again if this batch is lost. */
    public long firstOffset() {
        return firstOffset;
    }

    /** Offset of the last record added, or {@link #NO_OFFSET}. */
    public long lastOffset() {
        return lastOffset;
    }

    /** Records added, counted or not. */
    public int records() {
        return records;
    }

    public boolean isEmpty() {
        return records == 0;
    }

    public List<CountedArticle> articles() {
        return Collections.unmodifiableList(articles);
    }

    private void checkOrder(long offset) {
        if (offset < 0 || offset <= lastOffset) {
            throw new IllegalArgumentException("offset " + offset + " of " + topic + ":" + partition
                    + " does not follow the last one added (" + lastOffset + ")");
        }
    }

    private void advanceTo(long offset) {
        if (records == 0) {
            firstOffset = offset;
        }
        lastOffset = offset;
        records++;
    }

    /**
     * One article as the apply script sees it.
     *
     * @param leaf     the leaf slice it counts under: its language as analyzed and its source (readers sum leaves
     *                 into roll-ups)
     * @param keywords its distinct keywords, sorted by canonical form
     */
    public record CountedArticle(long offset, Article article, Slice leaf, List<Keyword> keywords) {
        public CountedArticle {
            Objects.requireNonNull(article, "article");
            Objects.requireNonNull(leaf, "leaf");
            keywords = List.copyOf(keywords);
        }

        /** Its language as analyzed. */
        public String lang() {
            return leaf.lang();
        }

        public String id() {
            return article.id();
        }

        public Instant publishedAt() {
            return article.publishedAt();
        }

        /** See {@link Article#countedAuthor()}. */
        public Optional<String> countedAuthor() {
            return article.countedAuthor();
        }
    }
}
