package io.silgeom.ingest.publish;

import io.silgeom.core.article.Article;
import io.silgeom.core.validation.DeadLetter;

/**
 * Where collectors hand their records. {@link ArticlePublisher} sends them to Kafka; tests record them.
 * The collectors never see a Kafka type, so they can be driven and checked without a broker.
 */
public interface ArticleSink {

    /** Sends an article to the articles topic, key = its id. */
    void publish(Article article);

    /**
     * {@link #publish(Article)} with the article's JSON already written, for a collector that encodes ahead of the
     * sending thread (the file replay's reading thread does).
     *
     * @param json exactly {@link io.silgeom.core.json.ArticleJson#encode ArticleJson.encode(article)}
     */
    default void publish(Article article, byte[] json) {
        publish(article);
    }

    /**
     * An article a collector wrote itself, without an {@link Article} object: the file replay writes most rows straight
     * from the file's bytes (docs/ingest.md). The default sends it as {@link #publishRaw}, which is what a publisher
     * does with it; a sink that looks at the articles decodes them.
     *
     * @param json exactly {@link io.silgeom.core.json.ArticleJson#encode ArticleJson.encode} of the article the
     *             collector mapped, whose id is {@code id}
     */
    default void publishEncoded(String id, byte[] json) {
        publishRaw(id, json);
    }

    /**
     * Sends bytes to the articles topic exactly as given, for records that must reach the layers unchanged
     * (invalid records for DLQ demos and tests). The layers validate them like any other record.
     */
    void publishRaw(String key, byte[] value);

    /**
     * Sends a record the collector could not even map to an article (for example a CSV row whose date cannot
     * be read) to the dead-letter topic, so it is counted and kept instead of silently skipped.
     *
     * @param key a key that points back to the input, e.g. {@code reuters21578.tsv:2}
     */
    void publishDeadLetter(String key, DeadLetter deadLetter);

    /** Blocks until everything handed over so far is acknowledged or has failed. */
    void flush();
}
