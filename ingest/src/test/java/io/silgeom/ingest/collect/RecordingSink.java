package io.silgeom.ingest.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.ingest.publish.ArticleSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Keeps everything a collector hands over, with the clock's time at hand-over. */
final class RecordingSink implements ArticleSink {
    record Published(Article article, Instant sentAt) {
    }

    record Raw(String key, byte[] value, Instant sentAt) {
    }

    record Dead(String key, DeadLetter deadLetter) {
    }

    private final Clock clock;
    final List<Published> published = new ArrayList<>();
    final List<Raw> raw = new ArrayList<>();
    final List<Dead> dead = new ArrayList<>();
    int flushes;
    /** Articles handed over with their JSON already written (by the replay's reading thread). */
    int encodedAhead;
    /** Articles handed over as JSON written straight from the file's bytes, without an Article. */
    int writtenDirect;
    /** Real milliseconds the first publish takes, so that a replay's reading thread gets ahead. */
    long firstPublishMillis;

    RecordingSink(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void publish(Article article) {
        if (published.isEmpty() && firstPublishMillis > 0) {
            try {
                Thread.sleep(firstPublishMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        published.add(new Published(article, clock.instant()));
    }

    /** What the replay's reading thread encoded must be the article's JSON exactly. */
    @Override
    public void publish(Article article, byte[] json) {
        if (!Arrays.equals(json, ArticleJson.encode(article))) {
            throw new AssertionError("the JSON handed over is not ArticleJson.encode(" + article + ")");
        }
        encodedAhead++;
        publish(article);
    }

    /**
     * What the replay wrote straight from the file's bytes must be exactly ArticleJson.encode of an article: recorded
     * as that article.
     */
    @Override
    public void publishEncoded(String id, byte[] json) {
        Article article = decode(json);
        if (!article.id().equals(id)) {
            throw new AssertionError("key " + id + " is not the id of " + article);
        }
        writtenDirect++;
        publish(article);
    }

    /** The article whose ArticleJson.encode the bytes are; an AssertionError when they are not such bytes. */
    static Article decode(byte[] json) {
        JsonNode n;
        try {
            n = ArticleJson.decodeTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
        Article article = new Article(n.get("id").textValue(), Source.fromWire(n.get("source").textValue()).orElseThrow(),
                text(n, "site"), text(n, "author"), text(n, "lang"), Instant.parse(n.get("publishedAt").textValue()),
                text(n, "title"), text(n, "body"), text(n, "url"));
        if (!Arrays.equals(json, ArticleJson.encode(article))) {
            throw new AssertionError("not ArticleJson.encode's bytes: " + new String(json, StandardCharsets.UTF_8));
        }
        return article;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null ? null : v.textValue();
    }

    @Override
    public void publishRaw(String key, byte[] value) {
        raw.add(new Raw(key, value, clock.instant()));
    }

    @Override
    public void publishDeadLetter(String key, DeadLetter deadLetter) {
        dead.add(new Dead(key, deadLetter));
    }

    @Override
    public void flush() {
        flushes++;
    }

    List<Article> articles() {
        return published.stream().map(Published::article).toList();
    }
}
