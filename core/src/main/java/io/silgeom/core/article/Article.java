package io.silgeom.core.article;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One news article or social post, as DESIGN.md §3 defines it. Instances are valid by construction
 * only for the structural rules (non-null required fields); the content rules (lengths, future time,
 * URL scheme, size) live in {@code io.silgeom.core.validation.ArticleValidator}, which every consumer
 * runs before counting.
 *
 * @param id          article id; the same id twice is one article
 * @param source      news or social
 * @param site        outlet or platform, may be null
 * @param author      optional; on social posts one author counts once per keyword per hour
 * @param lang        ISO 639-1 code, or null when unknown (detected by the analyzer)
 * @param publishedAt event time
 * @param title       may be null or blank if body is not
 * @param body        may be null or blank if title is not
 * @param url         optional http(s) URL
 */
public record Article(
        String id,
        Source source,
        String site,
        String author,
        String lang,
        Instant publishedAt,
        String title,
        String body,
        String url) {

    public Article {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(publishedAt, "publishedAt");
    }

    public Optional<String> langIfKnown() {
        return Optional.ofNullable(lang).filter(l -> !l.isBlank());
    }

    /**
     * The author the social-author rule applies to (DESIGN.md §3: on social posts one author counts at most once per
     * keyword per hour; both views count it per keyword, language and hour): a social post's author, stripped.
     * Empty for news and for posts without an author, which count per article.
     */
    public Optional<String> countedAuthor() {
        if (source != Source.SOCIAL || author == null || author.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(author.strip());
    }

    /** Title and body joined for analysis; never null. */
    public String text() {
        String t = title == null ? "" : title;
        String b = body == null ? "" : body;
        if (t.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? t : t + "\n" + b;
    }

    public Article withLang(String newLang) {
        return new Article(id, source, site, author, newLang, publishedAt, title, body, url);
    }

    public Article withPublishedAt(Instant newPublishedAt) {
        return new Article(id, source, site, author, lang, newPublishedAt, title, body, url);
    }
}
