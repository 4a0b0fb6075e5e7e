package io.silgeom.core.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Validates raw article records (UTF-8 JSON) against every rule of DESIGN.md §3; the rules, their names and
 * their order are listed in {@link ValidationRule}. One parse per record (a Jackson tree), no reflection.
 *
 * <p>Unknown fields are ignored (the raw archive adds {@code _kafka}). Optional string fields ({@code site},
 * {@code author}, {@code lang}, {@code url}) that are null or blank read as absent, so a replayed CSV with an
 * empty column is not rejected for it. Thread-safe and stateless: one instance serves every consumer thread.
 */
public final class ArticleValidator {
    /** Default maximum record size: 1 MiB. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;
    /** How far after its arrival an article's event time may lie (clock skew between publishers and us). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);
    public static final int MAX_ID_CHARS = 256;

    /** Values quoted in reasons are cut to this many characters: a reason names a value, it does not carry it. */
    private static final int SHOWN_CHARS = 80;
    private static final int PARSER_MESSAGE_CHARS = 160;

    private final int maxRecordBytes;

    public ArticleValidator(int maxRecordBytes) {
        if (maxRecordBytes <= 0) {
            throw new IllegalArgumentException("maxRecordBytes must be positive, got: " + maxRecordBytes);
        }
        this.maxRecordBytes = maxRecordBytes;
    }

    public static ArticleValidator withDefaults() {
        return new ArticleValidator(DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param raw        the record bytes as received
     * @param receivedAt when the record entered the system (the Kafka record timestamp), for the
     *                   "more than 5 minutes in the future" rule; {@code null} skips that rule (the batch
     *                   layer re-validating archived records, which were checked on arrival)
     */
    public Verdict validate(byte[] raw, Instant receivedAt) {
        if (raw == null) {
            return ValidationRule.JSON_MALFORMED.reject("record: no bytes (null value)");
        }
        // NOTE: skipped for archived lines (receivedAt == null): the archive adds a "_kafka" field, so a record
        // accepted on arrival just under the limit must not be rejected by the batch layer for its size.
        if (receivedAt != null && raw.length > maxRecordBytes) {
            return ValidationRule.RECORD_TOO_LARGE.reject(
                    "record: " + raw.length + " bytes, larger than the limit of " + maxRecordBytes + " bytes");
        }
        JsonNode root;
        try {
            root = parse(raw);
        } catch (IOException e) {
            return ValidationRule.JSON_MALFORMED.reject("record: not UTF-8 JSON" + describe(e));
        }
        if (root == null || !root.isObject()) {
            return ValidationRule.JSON_MALFORMED.reject("record: expected a JSON object, got "
                    + (root == null || root.isMissingNode() ? "nothing" : kind(root)));
        }
        return validateObject(root, receivedAt);
    }

    private static JsonNode parse(byte[] raw) throws IOException {
        // Jackson guesses UTF-16/32 from zero bytes at the start; the record format is UTF-8 only, and UTF-8
        // JSON never holds a zero byte.
        if ((raw.length > 0 && raw[0] == 0) || (raw.length > 1 && raw[1] == 0)) {
            throw new IOException("zero byte at the start (UTF-16 or UTF-32?)");
        }
        return ArticleJson.decodeTree(raw);
    }

    private static Verdict validateObject(JsonNode root, Instant receivedAt) {
        JsonNode idNode = root.get("id");
        if (absent(idNode) || (idNode.isTextual() && idNode.textValue().isBlank())) {
            return ValidationRule.ID_MISSING.reject("id: missing" + (absent(idNode) ? "" : ", got " + show(idNode)));
        }
        if (!idNode.isTextual()) {
            return ValidationRule.ID_TYPE.reject("id: expected a string, got " + show(idNode));
        }
        String id = idNode.textValue();
        int idChars = id.codePointCount(0, id.length());
        if (idChars > MAX_ID_CHARS) {
            return ValidationRule.ID_TOO_LONG.reject("id: " + idChars + " characters, at most " + MAX_ID_CHARS
                    + " allowed: " + show(idNode));
        }

        JsonNode sourceNode = root.get("source");
        Optional<Source> source = sourceNode != null && sourceNode.isTextual()
                ? Source.fromWire(sourceNode.textValue()) : Optional.empty();
        if (source.isEmpty()) {
            return ValidationRule.SOURCE_INVALID.reject("source: expected news or social, got "
                    + (absent(sourceNode) ? "nothing" : show(sourceNode)) + " (id " + show(idNode) + ")");
        }

        JsonNode publishedNode = root.get("publishedAt");
        if (absent(publishedNode) || (publishedNode.isTextual() && publishedNode.textValue().isBlank())) {
            return ValidationRule.PUBLISHED_AT_MISSING.reject("publishedAt: missing (id " + show(idNode) + ")");
        }
        Instant publishedAt = publishedNode.isTextual() ? parseInstant(publishedNode.textValue()) : null;
        if (publishedAt == null) {
            return ValidationRule.PUBLISHED_AT_MALFORMED.reject("publishedAt: " + show(publishedNode)
                    + " is not an ISO-8601 date-time with offset, e.g. 2024-05-01T10:00:00+09:00 or 2024-05-01T01:00:00Z"
                    + " (id " + show(idNode) + ")");
        }
        if (receivedAt != null && publishedAt.isAfter(receivedAt.plus(MAX_FUTURE))) {
            return ValidationRule.PUBLISHED_AT_FUTURE.reject("publishedAt: " + publishedAt + " is "
                    + Duration.between(receivedAt, publishedAt).toSeconds() + " s after the record arrived at " + receivedAt
                    + ", at most " + MAX_FUTURE.toMinutes() + " minutes allowed (id " + show(idNode) + ")");
        }

        for (String field : new String[] {"site", "author", "title", "body"}) {
            JsonNode n = root.get(field);
            if (!absent(n) && !n.isTextual()) {
                return ValidationRule.FIELD_TYPE.reject(field + ": expected a string, got " + show(n) + " (id " + show(idNode) + ")");
            }
        }

        JsonNode langNode = root.get("lang");
        String lang = optionalText(langNode);
        if (!absent(langNode) && !(langNode.isTextual() && (lang == null || isLangCode(lang)))) {
            return ValidationRule.LANG_INVALID.reject("lang: expected a 2-3 letter lower-case code like ko or en, got "
                    + show(langNode) + " (id " + show(idNode) + ")");
        }

        JsonNode urlNode = root.get("url");
        String url = optionalText(urlNode);
        if (!absent(urlNode) && !(urlNode.isTextual() && (url == null || isHttpUrl(url)))) {
            return ValidationRule.URL_SCHEME.reject("url: expected an absolute http or https URL, got "
                    + show(urlNode) + " (id " + show(idNode) + ")");
        }

        String title = text(root.get("title"));
        String body = text(root.get("body"));
        if ((title == null || title.isBlank()) && (body == null || body.isBlank())) {
            return ValidationRule.TEXT_MISSING.reject("title and body: both missing or blank (id " + show(idNode) + ")");
        }

        return new Verdict.Valid(new Article(id, source.get(), optionalText(root.get("site")),
                optionalText(root.get("author")), lang, publishedAt, title, body, url));
    }

    /** ISO-8601 with a mandatory offset; a local date-time without one could be any hour of the day. */
    private static Instant parseInstant(String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isLangCode(String lang) {
        int n = lang.length();
        if (n < 2 || n > 3 || lang.equals("all")) {  // "all" names the roll-up slice (Slice.ALL), never a language
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = lang.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code http(s)://host...} without whitespace or control characters. Deliberately not {@link java.net.URI}:
     * real feeds carry URLs with characters URI rejects (e.g. {@code |}), and the url is only shown, never fetched.
     */
    private static boolean isHttpUrl(String url) {
        int afterScheme;
        if (url.regionMatches(true, 0, "https://", 0, 8)) {
            afterScheme = 8;
        } else if (url.regionMatches(true, 0, "http://", 0, 7)) {
            afterScheme = 7;
        } else {
            return false;
        }
        int authorityEnd = afterScheme;
        while (authorityEnd < url.length() && "/?#".indexOf(url.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = url.substring(afterScheme, authorityEnd);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.isEmpty() || hostPort.charAt(0) == ':') {
            return false;
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean absent(JsonNode n) {
        return n == null || n.isNull();
    }

    private static String text(JsonNode n) {
        return absent(n) ? null : n.textValue();
    }

    /** A present, non-blank string; null for absent, null or blank. Call only after the type was checked. */
    private static String optionalText(JsonNode n) {
        if (absent(n) || !n.isTextual() || n.textValue().isBlank()) {
            return null;
        }
        return n.textValue();
    }

    /** A value as a reason shows it: strings quoted, everything else with its JSON type; cut when long. */
    private static String show(JsonNode n) {
        if (n.isTextual()) {
            return "\"" + truncate(n.textValue()) + "\"";
        }
        return kind(n) + " " + truncate(n.toString());
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "array";
            case OBJECT, POJO -> "object";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            case BINARY -> "binary";
            case NULL -> "null";
            case MISSING -> "nothing";
        };
    }

    /** Where and what, e.g. {@code  at byte 11: Unexpected character ('s' ...)}; Jackson's message cut to a line. */
    private static String describe(IOException e) {
        String where = "";
        String what = e.getMessage();
        if (e instanceof JsonProcessingException jpe) {
            where = jpe.getLocation() == null ? "" : " at byte " + jpe.getLocation().getByteOffset();
            what = jpe.getOriginalMessage();
        }
        return where + ": " + truncate(String.valueOf(what), PARSER_MESSAGE_CHARS);
    }

    private static String truncate(String value) {
        return truncate(value, SHOWN_CHARS);
    }

    private static String truncate(String value, int maxChars) {
        if (value.length() <= maxChars) {
            return value;
        }
        int cut = value.offsetByCodePoints(0, Math.min(maxChars, value.codePointCount(0, value.length())));
        return cut >= value.length() ? value : value.substring(0, cut) + "…(" + value.length() + " chars)";
    }
}
