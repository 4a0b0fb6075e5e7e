package io.silgeom.ingest.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Records to throw at the edge ({@link io.silgeom.ingest.publish.EdgeGate}) of a running system, to check that it
 * keeps every bad record in the DLQ and every good one exactly once: what {@code silgeom collect fuzz} sends and
 * what the edge tests assert on.
 *
 * <p>Bad records, one rule broken each: malformed JSON (cut, trailing garbage, not an object, empty), missing and
 * wrong-typed fields, invalid UTF-8, a 10 MB body, raw control characters, far-future times, a
 * {@code javascript:} URL, a script as lang. Good records: HTML and {@code <script>} in every text field, escaped
 * control characters, ancient times (1900, year 1), Korean and emoji text; a share of them offered twice (the
 * second copy must be dropped, as a feed re-serving an item).
 *
 * <p>Deterministic for one seed and {@code now}; ids carry the seed and {@code now}, so two runs never collide.
 */
public final class EdgeFuzzCorpus {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    public static final int TEN_MB = 10 * 1024 * 1024;

    /**
     * @param label   what kind of record this is, e.g. {@code bad:invalid-utf8}
     * @param goodId  the article id when the edge must publish it; null when it must go to the DLQ
     * @param repeat  true for the second copy of a good record (must not arrive twice)
     */
    public record FuzzRecord(String label, byte[] raw, String goodId, boolean repeat) {
        public boolean good() {
            return goodId != null;
        }
    }

    private EdgeFuzzCorpus() {
    }

    /** {@code goodCount} good records (plus repeats of every tenth) and the fixed set of bad ones, shuffled. */
    public static List<FuzzRecord> build(long seed, int goodCount, Instant now) {
        Random random = new Random(seed);
        String run = "fz-" + seed + "-" + now.toEpochMilli() + "-";
        List<FuzzRecord> records = new ArrayList<>();
        for (int i = 0; i < goodCount; i++) {
            FuzzRecord good = good(run + "g" + i, i, now);
            records.add(good);
            if (i % 10 == 0) {
                records.add(new FuzzRecord(good.label() + ":repeat", good.raw(), good.goodId(), true));
            }
        }
        records.addAll(bad(run, now));
        Collections.shuffle(records, random);
        return List.copyOf(records);
    }

    private static FuzzRecord good(String id, int i, Instant now) {
        String html = "<b>태풍</b> <script>alert('x" + i + "')</script><img src=x onerror=alert(1)>";
        ObjectNode a = MAPPER.createObjectNode();
        a.put("id", id);
        a.put("source", i % 2 == 0 ? "news" : "social");
        a.put("site", "<i>site</i><script>s()</script>");
        a.put("author", "<a href=\"javascript:evil()\">author</a>");
        a.put("lang", i % 3 == 0 ? "ko" : "en");
        String when = switch (i % 5) {
            case 0 -> "1900-01-01T00:00:00Z";                    // ancient, but a real instant: late, not invalid
            case 1 -> "0001-01-01T00:00:00Z";
            case 2 -> now.minus(Duration.ofMinutes(i)).toString();
            case 3 -> now.plus(Duration.ofMinutes(4)).toString(); // just inside the 5-minute skew
            default -> "2024-05-01T09:00:00+09:00";
        };
        a.put("publishedAt", when);
        a.put("title", html + " \u0001\u0007\u001b[31m 제목 " + i + " \uD83D\uDE00");
        a.put("body", "<p onclick=\"x()\">" + html + "</p>\u0000 body " + i);
        a.put("url", "https://example.com/a?q=<script>" + i);
        return new FuzzRecord("good:html-control-" + (i % 5), a.toString().getBytes(StandardCharsets.UTF_8), id, false);
    }

    private static List<FuzzRecord> bad(String run, Instant now) {
        List<FuzzRecord> bad = new ArrayList<>();
        String valid = article(run + "b-template", "2024-05-01T00:00:00Z");
        bad.add(bad("bad:json-cut", valid.substring(0, valid.length() / 2)));
        bad.add(bad("bad:json-trailing", valid + "}}"));
        bad.add(bad("bad:json-not-json", "this is not JSON <html>"));
        bad.add(bad("bad:json-empty", ""));
        bad.add(bad("bad:json-array", "[" + valid + "]"));
        bad.add(bad("bad:json-null", "null"));
        bad.add(bad("bad:json-number", "42"));
        bad.add(bad("bad:json-duplicate-field", "{\"id\":\"" + run + "b1\",\"id\":\"" + run + "b2\",\"source\":\"news\","
                + "\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":\"t\"}"));
        bad.add(bad("bad:missing-id", without(valid, "id")));
        bad.add(bad("bad:missing-source", without(valid, "source")));
        bad.add(bad("bad:missing-publishedAt", without(valid, "publishedAt")));
        bad.add(bad("bad:missing-text", without(without(valid, "title"), "body")));
        bad.add(bad("bad:type-id", replace(valid, "id", "12345")));
        bad.add(bad("bad:type-source", replace(valid, "source", "1")));
        bad.add(bad("bad:type-publishedAt", replace(valid, "publishedAt", "1714521600")));
        bad.add(bad("bad:type-title", replace(valid, "title", "[\"a\",\"b\"]")));
        bad.add(bad("bad:type-body", replace(valid, "body", "{\"html\":\"<p>\"}")));
        bad.add(bad("bad:type-site", replace(valid, "site", "true")));
        bad.add(bad("bad:type-lang", replace(valid, "lang", "5")));
        bad.add(bad("bad:lang-script", replace(valid, "lang", "\"<script>\"")));
        bad.add(bad("bad:url-javascript", replace(valid, "url", "\"javascript:alert(1)\"")));
        bad.add(bad("bad:id-too-long", replace(valid, "id", "\"" + "x".repeat(300) + "\"")));
        bad.add(bad("bad:publishedAt-no-offset", replace(valid, "publishedAt", "\"2024-05-01T00:00:00\"")));
        bad.add(bad("bad:far-future-9999", replace(valid, "publishedAt", "\"9999-12-31T23:59:59Z\"")));
        bad.add(bad("bad:far-future-hour", replace(valid, "publishedAt", "\"" + now.plus(Duration.ofHours(1)) + "\"")));
        bad.add(bad("bad:far-future-year-million", replace(valid, "publishedAt", "\"+1000000-01-01T00:00:00Z\"")));
        bad.add(bad("bad:control-raw-in-string", valid.replace("\"title\":\"", "\"title\":\"\u0001\u0002")));
        bad.add(new FuzzRecord("bad:nul-first", concat(new byte[] {0}, utf8(valid)), null, false));
        bad.add(new FuzzRecord("bad:invalid-utf8-c3-28", utf8WithBytes(valid, new byte[] {(byte) 0xC3, 0x28}), null, false));
        bad.add(new FuzzRecord("bad:invalid-utf8-ff", utf8WithBytes(valid, new byte[] {(byte) 0xFF}), null, false));
        bad.add(new FuzzRecord("bad:invalid-utf8-overlong", utf8WithBytes(valid, new byte[] {(byte) 0xC0, (byte) 0xAF}),
                null, false));
        bad.add(new FuzzRecord("bad:utf16", valid.getBytes(StandardCharsets.UTF_16LE), null, false));
        bad.add(bad("bad:10mb-body", replace(valid, "body", "\"" + "가".repeat(TEN_MB / 3 + 1) + "\"")));
        bad.add(bad("bad:10mb-garbage", "<".repeat(TEN_MB)));
        return bad;
    }

    private static String article(String id, String publishedAt) {
        return "{\"id\":\"" + id + "\",\"source\":\"news\",\"site\":\"s\",\"lang\":\"en\",\"publishedAt\":\"" + publishedAt
                + "\",\"title\":\"title\",\"body\":\"body\",\"url\":\"https://example.com/x\"}";
    }

    private static String without(String json, String field) {
        return json.replaceFirst("\"" + field + "\":(\"[^\"]*\"),?", "");
    }

    private static String replace(String json, String field, String valueJson) {
        return json.replaceFirst("\"" + field + "\":\"[^\"]*\"", java.util.regex.Matcher.quoteReplacement(
                "\"" + field + "\":" + valueJson));
    }

    private static FuzzRecord bad(String label, String json) {
        return new FuzzRecord(label, utf8(json), null, false);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The valid record with raw bytes put inside its title, where a decoder meets them. */
    private static byte[] utf8WithBytes(String json, byte[] bytes) {
        int at = json.indexOf("\"title\":\"") + "\"title\":\"".length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(json.substring(0, at)));
        out.writeBytes(bytes);
        out.writeBytes(utf8(json.substring(at)));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
