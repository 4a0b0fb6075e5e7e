package io.silgeom.serving.signal;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.serving.merge.PublishedViews;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What the trend scorer needs besides counts, read from Redis in one pipeline each:
 * <ul>
 *   <li>distinct voices (sites and social authors) per keyword over a range, from the speed view's voices hashes
 *       ({@code sg:s:{gen}:voices:h:{hour}}), for the anti-manipulation rule; the batch view keeps no voices, so
 *       only hours at or after the cutoff count, and a range wholly before it has none ({@link Optional#empty()});</li>
 *   <li>the seasonal expectation of the published batch version ({@code sg:b:{v}:base:{HH}:{slice}}): per keyword,
 *       the expected count for the window as the sum over its hours of the baseline at that hour of day, times the
 *       share of the hour the window covers.</li>
 * </ul>
 * NOTE: voices are summed over the hours of the range, so a site that mentions a keyword in two hours is two voices:
 * an over-count, never an under-count, which suits a minimum.
 */
public final class KeywordSignals {
    private static final Logger LOG = LoggerFactory.getLogger(KeywordSignals.class);
    /** Hours of voices read at most; a longer window judges voices on its newest hours. */
    public static final int MAX_VOICE_HOURS = 48;

    private final RedisClient redis;

    public KeywordSignals(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Voices per keyword in {@code [from, to)}, from the hours at or after the batch cutoff; empty when none are. */
    public Optional<Map<String, Long>> voices(PublishedViews views, Instant from, Instant to, Collection<String> keywords) {
        Instant speedFrom = views.batch() == null ? from : later(from, views.batch().cutoff());
        String[] fields = new LinkedHashSet<>(keywords).toArray(String[]::new);
        if (fields.length == 0 || !speedFrom.isBefore(to)) {
            return Optional.empty();
        }
        List<Response<List<String>>> hours = new ArrayList<>();
        List<Response<Boolean>> exists = new ArrayList<>();
        try (AbstractPipeline p = redis.pipelined()) {
            Instant hour = TimeBuckets.hourStart(to.minusMillis(1));
            for (int i = 0; i < MAX_VOICE_HOURS && hour.plus(Duration.ofHours(1)).isAfter(speedFrom); i++) {
                String key = RedisKeys.speedVoicesHour(views.speedGeneration(), TimeBuckets.hourId(hour));
                exists.add(p.exists(key));
                hours.add(p.hmget(key, fields));
                hour = hour.minus(Duration.ofHours(1));
            }
            p.sync();
        } catch (JedisException e) {
            LOG.warn("voices unavailable, the minimum is not applied: {}", e.toString());
            return Optional.empty();
        }
        if (exists.stream().noneMatch(Response::get)) {
            // No hour of the range has voices at all (a quiet range, or counts written by something that keeps none):
            // nothing to judge by, rather than "no voices".
            return Optional.empty();
        }
        Map<String, Long> out = new HashMap<>();
        for (Response<List<String>> hour : hours) {
            List<String> values = hour.get();
            for (int i = 0; i < fields.length; i++) {
                out.merge(fields[i], values.get(i) == null ? 0L : Long.parseLong(values.get(i)), Long::sum);
            }
        }
        return Optional.of(out);
    }

    /**
     * Seasonal expected count per keyword for the window {@code [from, to)} in {@code slice}, from the published
     * version's baselines; only keywords with a baseline row are in the map (the others fall back to the recent
     * average). Empty when no version is published or it has no baselines.
     */
    public Map<String, Double> seasonalExpected(PublishedViews views, Slice slice, Instant from, Instant to,
                                                Collection<String> keywords) {
        Map<String, Double> out = new HashMap<>();
        String[] fields = new LinkedHashSet<>(keywords).toArray(String[]::new);
        if (views.batch() == null || fields.length == 0 || !from.isBefore(to)) {
            return out;
        }
        String version = views.batch().version();
        Map<Integer, Double> shareByHourOfDay = new HashMap<>();
        for (Instant h = TimeBuckets.hourStart(from); h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            Instant end = h.plus(Duration.ofHours(1));
            double covered = Duration.between(later(h, from), end.isBefore(to) ? end : to).toMillis() / 3_600_000.0;
            shareByHourOfDay.merge(h.atZone(ZoneOffset.UTC).getHour(), covered, Double::sum);
        }
        Map<Integer, Response<List<String>>> rows = new HashMap<>();
        try (AbstractPipeline p = redis.pipelined()) {
            shareByHourOfDay.keySet().forEach(hod -> rows.put(hod, p.hmget(RedisKeys.batchBaseline(version, hod, slice), fields)));
            p.sync();
        } catch (JedisException e) {
            LOG.warn("baselines unavailable, using the recent average: {}", e.toString());
            return out;
        }
        rows.forEach((hod, response) -> {
            List<String> values = response.get();
            for (int i = 0; i < fields.length; i++) {
                if (values.get(i) != null) {
                    out.merge(fields[i], Double.parseDouble(values.get(i)) * shareByHourOfDay.get(hod), Double::sum);
                }
            }
        });
        return out;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
