package io.silgeom.serving.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.time.TimeBuckets;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Evidence headlines of keywords over a time range, from the speed view's hour hashes: the newest few per keyword,
 * newest first, each article once. Reads at most {@link #MAX_HOURS} hours back from the range's end, in one pipeline.
 * Evidence is decoration: when Redis fails or a stored value cannot be read, the keyword simply has fewer headlines.
 */
public final class EvidenceReader {
    /** Headlines per keyword in an answer. */
    public static final int PER_KEYWORD = 3;
    /** Hours read at most: evidence explains what is rising now, and a 7-day chart must not read 168 hashes. */
    public static final int MAX_HOURS = 6;
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<Headline> NEWEST_FIRST = Comparator.comparing(Headline::publishedAt).reversed()
            .thenComparing(Headline::id);

    private final RedisClient redis;

    public EvidenceReader(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Canonical keyword → its newest headlines in {@code [from, to)} (hours of the speed generation); absent if none. */
    public Map<String, List<Headline>> headlines(String speedGeneration, Instant from, Instant to, Collection<String> keywords) {
        Map<String, List<Headline>> out = new HashMap<>();
        String[] fields = new LinkedHashSet<>(keywords).toArray(String[]::new);
        if (fields.length == 0 || !from.isBefore(to)) {
            return out;
        }
        List<Response<List<String>>> hours = new ArrayList<>();
        try (AbstractPipeline p = redis.pipelined()) {
            Instant hour = TimeBuckets.hourStart(to.minusMillis(1));
            for (int i = 0; i < MAX_HOURS && hour.plus(Duration.ofHours(1)).isAfter(from); i++) {
                hours.add(p.hmget(RedisKeys.speedEvidenceHour(speedGeneration, TimeBuckets.hourId(hour)), fields));
                hour = hour.minus(Duration.ofHours(1));
            }
            p.sync();
        } catch (JedisException e) {
            LOG.warn("evidence headlines unavailable: {}", e.toString());
            return out;
        }
        for (Response<List<String>> hour : hours) {
            List<String> values = hour.get();
            for (int i = 0; i < fields.length; i++) {
                if (values.get(i) != null) {
                    out.computeIfAbsent(fields[i], k -> new ArrayList<>()).addAll(parse(values.get(i)));
                }
            }
        }
        out.replaceAll((k, list) -> newest(list, from, to));
        out.values().removeIf(List::isEmpty);
        return out;
    }

    private static List<Headline> newest(List<Headline> all, Instant from, Instant to) {
        Set<String> ids = new HashSet<>();
        return all.stream().filter(h -> !h.publishedAt().isBefore(from) && h.publishedAt().isBefore(to))
                .sorted(NEWEST_FIRST).filter(h -> ids.add(h.id())).limit(PER_KEYWORD).toList();
    }

    static List<Headline> parse(String json) {
        List<Headline> out = new ArrayList<>();
        try {
            for (JsonNode h : JSON.readTree(json)) {
                String id = text(h, "id");
                String title = text(h, "title");
                String at = text(h, "publishedAt");
                if (id != null && title != null && at != null) {
                    out.add(new Headline(id, title, text(h, "url"), text(h, "site"), Instant.parse(at)));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable evidence value skipped: {}", e.toString());
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
