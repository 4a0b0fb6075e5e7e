package io.silgeom.ingest.collect.rss;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.silgeom.core.article.Article;
import io.silgeom.ingest.collect.LangCode;
import io.silgeom.ingest.collect.LanguageGuess;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Parses a fetched feed (RSS 0.9x/1.0/2.0 or Atom, by Rome) and maps each item onto the article record.
 *
 * <ul>
 *   <li><b>id</b>: {@code rss-} + the first 32 hex digits of SHA-256 of the item's guid (Atom: id), else its link,
 *       else feed name, title and date. Stable: the same item gets the same id on every poll and after a restart,
 *       and one story in two feeds of one outlet (same guid) is one article.</li>
 *   <li><b>publishedAt</b>: the item's published date, else its updated date, else {@code fetchedAt} (the first
 *       time we saw it).</li>
 *   <li><b>title</b>, <b>body</b>: plain text ({@link HtmlText}); the body from the content, else the description.</li>
 *   <li><b>lang</b>: guessed from the text ({@link LanguageGuess}); when the text does not tell, the feed's
 *       declared language ({@code ko-KR} → {@code ko}).</li>
 *   <li><b>site</b>: the feed's name; <b>source</b>: the feed's; <b>url</b>: the item's link; <b>author</b>.</li>
 * </ul>
 */
public final class FeedItems {
    private static final int LANGUAGE_SAMPLE_CHARS = 2000;

    private final LanguageGuess languageGuess;

    public FeedItems(LanguageGuess languageGuess) {
        this.languageGuess = Objects.requireNonNull(languageGuess, "languageGuess");
    }

    /** A feed that cannot be read as RSS or Atom. */
    public static final class UnreadableFeedException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableFeedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param contentType the HTTP Content-Type, whose charset Rome weighs against the XML declaration; may be null
     * @throws UnreadableFeedException for malformed XML, bytes that are not in the declared encoding, not a feed
     */
    public List<Article> parse(FeedSpec feed, byte[] body, String contentType, Instant fetchedAt)
            throws UnreadableFeedException {
        SyndFeed parsed;
        try {
            parsed = new SyndFeedInput().build(new StringReader(decodeStrictly(body, contentType)));
        } catch (FeedException | IllegalArgumentException e) {
            throw new UnreadableFeedException(describe(e), e);
        }
        String feedLang = LangCode.primary(parsed.getLanguage()).orElse(null);
        List<Article> articles = new ArrayList<>();
        for (SyndEntry entry : parsed.getEntries()) {
            articles.add(map(feed, entry, feedLang, fetchedAt));
        }
        return articles;
    }

    private Article map(FeedSpec feed, SyndEntry entry, String feedLang, Instant fetchedAt) {
        String title = blankToNull(HtmlText.toPlainText(entry.getTitle()));
        String body = blankToNull(HtmlText.toPlainText(content(entry)));
        String link = blankToNull(entry.getLink());
        Instant publishedAt = firstDate(entry.getPublishedDate(), entry.getUpdatedDate(), fetchedAt);
        String url = link != null && (link.startsWith("http://") || link.startsWith("https://")) ? link.strip() : null;
        Article article = new Article(stableId(feed, entry, title, publishedAt), feed.source(), feed.name(),
                blankToNull(entry.getAuthor()), null, publishedAt, title, body, url);
        // The start of the text tells the language as well as all of it, and a 2 MB item must not cost seconds.
        Article sample = article.text().length() <= LANGUAGE_SAMPLE_CHARS ? article
                : new Article(article.id(), article.source(), null, null, null, publishedAt,
                        article.text().substring(0, LANGUAGE_SAMPLE_CHARS), null, null);
        String lang = languageGuess.of(sample).orElse(feedLang);
        return lang == null ? article : article.withLang(lang);
    }

    private static String content(SyndEntry entry) {
        StringBuilder text = new StringBuilder();
        for (SyndContent c : entry.getContents()) {
            if (c.getValue() != null) {
                text.append(c.getValue()).append('\n');
            }
        }
        if (text.length() == 0 && entry.getDescription() != null) {
            return entry.getDescription().getValue();
        }
        return text.toString();
    }

    /**
     * The feed's text in the encoding Rome settles on (HTTP charset, XML declaration, byte-order mark), decoded
     * strictly. NOTE: a plain reader would turn bytes that are not in that encoding (an EUC-KR feed declaring UTF-8)
     * into U+FFFD and publish mojibake without a word; here they fail the poll with the byte offset.
     */
    private static String decodeStrictly(byte[] body, String contentType) throws UnreadableFeedException {
        String encoding;
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            encoding = reader.getEncoding();
        } catch (IOException e) {
            throw new UnreadableFeedException(describe(e), e);
        }
        CharsetDecoder decoder;
        try {
            decoder = Charset.forName(encoding).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        } catch (IllegalArgumentException e) {
            throw new UnreadableFeedException("not a readable RSS/Atom feed: unknown encoding " + encoding, e);
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            String text = decoder.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new UnreadableFeedException("not a readable RSS/Atom feed: bytes are not " + encoding
                    + " as declared (first bad byte at offset " + in.position() + ")", e);
        }
    }

    static String stableId(FeedSpec feed, SyndEntry entry, String title, Instant publishedAt) {
        String guid = blankToNull(entry.getUri());
        String link = blankToNull(entry.getLink());
        String identity = guid != null ? "guid:" + guid.strip()
                : link != null ? "link:" + link.strip()
                : "item:" + feed.name() + "\n" + title + "\n" + publishedAt;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "rss-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Instant firstDate(Date published, Date updated, Instant fallback) {
        if (published != null) {
            return published.toInstant();
        }
        return updated != null ? updated.toInstant() : fallback;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return "not a readable RSS/Atom feed: " + e.getClass().getSimpleName() + ": " + message;
    }
}
