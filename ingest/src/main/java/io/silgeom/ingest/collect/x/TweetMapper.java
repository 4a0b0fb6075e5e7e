package io.silgeom.ingest.collect.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silgeom.ingest.collect.LangCode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps X API v2 post objects ({@code data} of a stream line or of a search page, with the {@code includes.users}
 * of the same response) onto the article record, as JSON for the {@link io.silgeom.ingest.publish.EdgeGate}:
 *
 * <ul>
 *   <li>{@code id}: {@code x-} + the post id; {@code source}: social; {@code site}: x;</li>
 *   <li>{@code author}: the author's username from {@code includes.users}, else the {@code author_id};</li>
 *   <li>{@code lang}: the post's {@code lang} reduced to its primary code; X's "no language" codes
 *       ({@code und}, {@code qme}, {@code zxx}, …) left out, so the analysis detects it;</li>
 *   <li>{@code publishedAt}: {@code created_at} as given (ISO-8601 UTC); {@code title}: the text;</li>
 *   <li>{@code url}: {@code https://x.com/<username or i>/status/<id>}.</li>
 * </ul>
 *
 * <p>Mapping does not judge: a post without {@code created_at} maps to a record without {@code publishedAt}, which
 * the gate sends to the DLQ with the validator's reason.
 */
final class TweetMapper {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TweetMapper() {
    }

    /** {@code includes.users} as id → username. */
    static Map<String, String> usernames(JsonNode response) {
        Map<String, String> names = new HashMap<>();
        for (JsonNode user : response.path("includes").path("users")) {
            if (user.path("id").isTextual() && user.path("username").isTextual()) {
                names.put(user.get("id").textValue(), user.get("username").textValue());
            }
        }
        return names;
    }

    static byte[] toArticleJson(JsonNode post, Map<String, String> usernames) {
        ObjectNode a = MAPPER.createObjectNode();
        String id = post.path("id").isTextual() ? post.get("id").textValue() : null;
        a.put("id", id == null ? null : "x-" + id);
        a.put("source", "social");
        a.put("site", "x");
        String authorId = post.path("author_id").isTextual() ? post.get("author_id").textValue() : null;
        String username = authorId == null ? null : usernames.get(authorId);
        a.put("author", username != null ? username : authorId);
        LangCode.primary(post.path("lang").isTextual() ? post.get("lang").textValue() : null)
                .ifPresent(lang -> a.put("lang", lang));
        a.set("publishedAt", post.get("created_at"));
        a.set("title", post.get("text"));
        if (id != null) {
            a.put("url", "https://x.com/" + (username != null ? username : "i") + "/status/" + id);
        }
        return a.toString().getBytes(StandardCharsets.UTF_8);
    }
}
