package io.silgeom.ingest.collect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Spoils a valid article in one of the ways DESIGN.md §3 forbids, for demos and tests of the dead-letter path.
 * Each kind breaks exactly one rule, so the DLQ reason names it.
 */
final class InvalidRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The rule each kind breaks. */
    enum Kind {
        MISSING_ID, UNKNOWN_SOURCE, FUTURE_TIME, UNREADABLE_TIME, NO_TEXT, BAD_URL_SCHEME, MALFORMED_JSON
    }

    /** A spoiled record and the key to send it under. */
    record Invalid(String key, byte[] value, Kind kind) {
    }

    private InvalidRecords() {
    }

    /** @param now the time the record will be sent; a "future" record lies an hour after it */
    static Invalid spoil(Article article, SplittableRandom random, Instant now) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        byte[] valid = ArticleJson.encode(article);
        if (kind == Kind.MALFORMED_JSON) {
            // Cut in the middle: a record a crashed producer might leave behind.
            byte[] cut = new byte[valid.length / 2];
            System.arraycopy(valid, 0, cut, 0, cut.length);
            return new Invalid(article.id(), cut, kind);
        }
        ObjectNode node;
        try {
            node = (ObjectNode) MAPPER.readTree(valid);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot re-read an article the codec just wrote: " + article.id(), e);
        }
        String key = article.id();
        switch (kind) {
            case MISSING_ID -> node.remove("id");
            case UNKNOWN_SOURCE -> node.put("source", "blog");
            case FUTURE_TIME -> node.put("publishedAt", now.plus(Duration.ofHours(1)).toString());
            case UNREADABLE_TIME -> node.put("publishedAt", "yesterday");
            case NO_TEXT -> {
                node.put("title", " ");
                node.remove("body");
            }
            case BAD_URL_SCHEME -> node.put("url", "ftp://files.example.com/" + article.id());
            default -> throw new IllegalStateException("unhandled kind " + kind);
        }
        try {
            return new Invalid(key, MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8), kind);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree: " + article.id(), e);
        }
    }
}
