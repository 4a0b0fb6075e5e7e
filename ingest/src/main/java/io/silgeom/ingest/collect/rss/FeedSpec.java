package io.silgeom.ingest.collect.rss;

import io.silgeom.core.article.Source;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One feed to poll.
 *
 * @param name         short name: the site of its articles, the metrics tag and the status field, e.g. {@code yonhap}
 * @param url          the feed's http(s) address
 * @param pollInterval time between two polls while the feed answers
 * @param source       news for outlets' feeds; social for feeds of posts
 */
public record FeedSpec(String name, URI url, Duration pollInterval, Source source) {
    public FeedSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(source, "source");
        if (name.isBlank()) {
            throw new IllegalArgumentException("feed name is blank for " + url);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("feed url must be http or https, got: " + url);
        }
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("poll interval of " + name + " must be at least 1s, got: " + pollInterval);
        }
    }
}
