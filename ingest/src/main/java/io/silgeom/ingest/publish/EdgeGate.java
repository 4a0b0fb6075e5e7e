package io.silgeom.ingest.publish;

import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.core.validation.Verdict;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge of the system for live collectors (RSS, X): every record is checked with core's
 * {@link ArticleValidator}, the very rules the layers apply (DESIGN.md §3), before it reaches the articles topic.
 *
 * <ul>
 *   <li>Valid: published once, key = id. A second record with an id published recently (the last
 *       {@code recentIds} ids) is a duplicate: counted, not sent again.</li>
 *   <li>Invalid: sent to the dead-letter topic with the validator's reason and the {@code source} it came from
 *       (the DLQ key, and {@code [source: …]} at the end of the reason), never dropped.</li>
 * </ul>
 *
 * <p>NOTE: the dead letter carries at most {@link #MAX_RAW_CHARS_IN_DEAD_LETTER} characters of the raw record:
 * a 10 MB body copied whole would itself be refused by Kafka ({@code max.request.size}), and the bad record would be
 * lost instead of kept. The reason gives the full size. Thread-safe: feeds are polled on several threads.
 */
public final class EdgeGate {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeGate.class);
    /** How much of a rejected record the dead letter keeps: enough to find and read it, small enough for Kafka. */
    public static final int MAX_RAW_CHARS_IN_DEAD_LETTER = 64 * 1024;
    public static final int DEFAULT_RECENT_IDS = 100_000;
    /** Core's name of the rule ({@code ValidationRule.JSON_MALFORMED}), for the bytes core lets through. */
    private static final String JSON_MALFORMED = "json.malformed";

    private final ArticleSink sink;
    private final ArticleValidator validator;
    private final Clock clock;
    private final Map<String, Boolean> recentIds;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Map<String, Long> rejectedByRule = new TreeMap<>();

    public EdgeGate(ArticleSink sink, ArticleValidator validator, Clock clock, int recentIdsKept) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (recentIdsKept < 1) {
            throw new IllegalArgumentException("recentIdsKept must be at least 1, got: " + recentIdsKept);
        }
        this.recentIds = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > recentIdsKept;
            }
        };
    }

    public static EdgeGate withDefaults(ArticleSink sink) {
        return new EdgeGate(sink, ArticleValidator.withDefaults(), Clock.systemUTC(), DEFAULT_RECENT_IDS);
    }

    /** What became of one offered record. */
    public enum Outcome { PUBLISHED, DUPLICATE, DEAD_LETTERED }

    /** A record a collector mapped itself. */
    public Outcome offer(String source, Article article) {
        return offer(source, ArticleJson.encode(article));
    }

    /**
     * A record as bytes (anything: broken JSON, 10 MB, invalid UTF-8). Never throws for bad input.
     *
     * @param source where it came from, e.g. {@code rss:yonhap} or {@code x:stream}; the DLQ key of a rejected record
     */
    public Outcome offer(String source, byte[] raw) {
        Objects.requireNonNull(source, "source");
        Instant now = clock.instant();
        Verdict verdict = validator.validate(raw, now);
        if (verdict instanceof Verdict.Valid) {
            int bad = firstMalformedUtf8Byte(raw);
            if (bad >= 0) {
                verdict = new Verdict.Invalid(JSON_MALFORMED, "record: not UTF-8 JSON at byte " + bad
                        + ": malformed UTF-8 (overlong, surrogate or out-of-range sequence)");
            }
        }
        if (verdict instanceof Verdict.Invalid invalid) {
            deadLetter(source, raw, invalid, now);
            return Outcome.DEAD_LETTERED;
        }
        Article article = ((Verdict.Valid) verdict).article();
        synchronized (recentIds) {
            if (recentIds.putIfAbsent(article.id(), Boolean.TRUE) != null) {
                duplicates.incrementAndGet();
                LOG.debug("duplicate dropped: source: {}, id: {}", source, article.id());
                return Outcome.DUPLICATE;
            }
        }
        // The validated bytes go out unchanged: what the layers read is exactly what was checked here.
        sink.publishRaw(article.id(), raw);
        accepted.incrementAndGet();
        return Outcome.PUBLISHED;
    }

    /**
     * A record the collector could not even map (a stream line that is not JSON, a tweet without an id): straight to
     * the DLQ with the collector's reason, counted under {@code rule}.
     */
    public void reject(String source, byte[] raw, String rule, String reason) {
        deadLetter(source, raw, new Verdict.Invalid(rule, reason), clock.instant());
    }

    /**
     * NOTE: Jackson, under core's validator, reads overlong forms such as {@code C0 AF} without complaint, so a record
     * with them would pass and carry bytes no strict decoder accepts. The edge checks strictly; -1 when all is well.
     */
    static int firstMalformedUtf8Byte(byte[] raw) {
        int i = 0;
        while (i < raw.length && raw[i] >= 0) {
            i++; // ASCII fast path: most records are ASCII until the first Hangul
        }
        if (i == raw.length) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw, i, raw.length - i);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return decoder.flush(out).isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    private void deadLetter(String source, byte[] raw, Verdict.Invalid invalid, Instant now) {
        synchronized (rejectedByRule) {
            rejectedByRule.merge(invalid.rule(), 1L, Long::sum);
        }
        String text = raw == null ? "" : new String(raw, StandardCharsets.UTF_8); // malformed bytes become U+FFFD
        if (text.length() > MAX_RAW_CHARS_IN_DEAD_LETTER) {
            text = text.substring(0, MAX_RAW_CHARS_IN_DEAD_LETTER) + "…(cut; " + raw.length + " bytes in all)";
        }
        String reason = invalid.reason() + " [source: " + source + "]";
        LOG.warn("invalid record to the DLQ: source: {}, rule: {}, reason: {}", source, invalid.rule(), invalid.reason());
        sink.publishDeadLetter(source, new DeadLetter(reason, now, null, -1, -1, text));
    }

    public void flush() {
        sink.flush();
    }

    /** Counts so far; {@code rejected} by rule name ({@code json.malformed}, {@code publishedAt.future}, …). */
    public EdgeStats stats() {
        synchronized (rejectedByRule) {
            return new EdgeStats(accepted.get(), duplicates.get(), Map.copyOf(rejectedByRule));
        }
    }

    /** @param rejected dead-lettered records by validation rule */
    public record EdgeStats(long published, long duplicates, Map<String, Long> rejected) {
        public long deadLettered() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
