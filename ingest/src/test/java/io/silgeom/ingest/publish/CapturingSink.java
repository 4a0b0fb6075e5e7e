package io.silgeom.ingest.publish;

import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.DeadLetter;
import java.util.ArrayList;
import java.util.List;

/** Keeps what the edge hands over, for the collectors' tests; thread-safe, since feeds are polled on several threads. */
public final class CapturingSink implements ArticleSink {
    /** A record for the articles topic. */
    public record Sent(String key, byte[] value) {
    }

    /** A record for the dead-letter topic. */
    public record Dead(String key, DeadLetter deadLetter) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<Dead> dead = new ArrayList<>();

    @Override
    public synchronized void publish(Article article) {
        sent.add(new Sent(article.id(), ArticleJson.encode(article)));
    }

    @Override
    public synchronized void publishRaw(String key, byte[] value) {
        sent.add(new Sent(key, value));
    }

    @Override
    public synchronized void publishDeadLetter(String key, DeadLetter deadLetter) {
        dead.add(new Dead(key, deadLetter));
    }

    @Override
    public void flush() {
        // Nothing is in flight: every record is kept the moment it is handed over.
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<Dead> dead() {
        return List.copyOf(dead);
    }

    public synchronized List<String> sentKeys() {
        return sent.stream().map(Sent::key).toList();
    }
}
