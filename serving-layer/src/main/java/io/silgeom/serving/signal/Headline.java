package io.silgeom.serving.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * One evidence headline: an article that mentioned a keyword, as the speed layer keeps it
 * ({@code sg:s:{gen}:ev:h:{hour}}). Shown on the dashboard when a chart row is clicked, so a rise explains itself.
 *
 * @param url  may be null (social posts often have none)
 * @param site may be null
 */
public record Headline(String id, String title, String url, String site, Instant publishedAt) {
    public Headline {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(publishedAt, "publishedAt");
    }
}
