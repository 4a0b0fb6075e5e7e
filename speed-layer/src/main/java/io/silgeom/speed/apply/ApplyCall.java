package io.silgeom.speed.apply;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.speed.apply.PartitionBatch.CountedArticle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The KEYS and ARGV of one {@code apply.lua} call, built from one {@link PartitionBatch}. The layout is
 * documented at the top of {@code apply.lua}; in short: offsets hash, display hash, every count hash once,
 * every seen marker once as KEYS; then offset field, last offset, dedupe horizon, the expire-at of each
 * count hash, the display pairs, and per article its offset, its seen-marker index and its increments as
 * groups (K hashes × F fields, each +1).
 *
 * <p>What one article of language {@code lang}, source {@code src}, event time {@code t} and keywords
 * {@code w1..wn} contributes, for each slice {@code s} of {@link Slice#rollUps(String, String)}:
 * <ul>
 *   <li>{@code sg:s:{gen}:h:{hourId(t)}:{s}} field {@code wi} +1, and {@code sg:s:{gen}:m:{minuteId(t)}:{s}}
 *       field {@code wi} +1, in one group (4 or 8 hashes × n keywords);
 *   <li>{@code sg:s:{gen}:docs:h:{hourId(t)}} field {@code s} +1, in a second group (1 hash × 4 slices).
 * </ul>
 * A bucket already past its retention at {@code now} is left out (writing it would only delete it again).
 *
 * <p>Listing each key once keeps the call small: a batch of 5,000 articles in one hour names that hour's
 * eight keyword hashes once, not 40,000 times.
 */
record ApplyCall(List<String> keys, List<String> args) {
    /** KEYS index (1-based, as Lua sees it) of the offsets hash. */
    static final int OFFSETS_KEY = 1;
    /** KEYS index of the display-form hash. */
    static final int DISPLAY_KEY = 2;
    /** KEYS index of the first count hash. */
    static final int FIRST_COUNT_KEY = 3;

    ApplyCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }

    static ApplyCall build(PartitionBatch batch, String generation, SpeedRetention retention, Instant now) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(now, "now");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("nothing to apply for " + batch.topic() + ":" + batch.partition());
        }
        Map<String, Integer> countKeys = new LinkedHashMap<>();   // key -> position in countExpireAt
        List<String> countExpireAt = new ArrayList<>();
        Map<String, Integer> seenKeys = new LinkedHashMap<>();    // key -> position among seen markers
        Map<String, String> display = new LinkedHashMap<>();      // first display form in offset order wins
        List<EncodedArticle> encoded = new ArrayList<>();

        for (CountedArticle a : batch.articles()) {
            Optional<Instant> hourExpiry = retention.hourBucketExpiry(a.publishedAt(), now);
            Optional<Instant> minuteExpiry = retention.minuteBucketExpiry(a.publishedAt(), now);
            String hourId = TimeBuckets.hourId(a.publishedAt());
            String minuteId = TimeBuckets.minuteId(a.publishedAt());
            List<Group> groups = new ArrayList<>(2);

            if (!a.keywords().isEmpty()) {
                List<Integer> bucketKeys = new ArrayList<>(8);
                for (Slice slice : a.slices()) {
                    hourExpiry.ifPresent(at -> bucketKeys.add(
                            index(countKeys, countExpireAt, RedisKeys.speedHour(generation, hourId, slice), at)));
                    minuteExpiry.ifPresent(at -> bucketKeys.add(
                            index(countKeys, countExpireAt, RedisKeys.speedMinute(generation, minuteId, slice), at)));
                }
                if (!bucketKeys.isEmpty()) {
                    groups.add(new Group(bucketKeys, a.keywords().stream().map(Keyword::canonical).toList()));
                }
                a.keywords().forEach(k -> display.putIfAbsent(k.canonical(), k.display()));
            }
            // An article without keywords is still a document of its hour: the docs hash is the denominator.
            hourExpiry.ifPresent(at -> groups.add(new Group(
                    List.of(index(countKeys, countExpireAt, RedisKeys.speedDocsHour(generation, hourId), at)),
                    a.slices().stream().map(Slice::toString).toList())));

            int seen = seenKeys.computeIfAbsent(RedisKeys.speedSeen(generation, a.id()), k -> seenKeys.size());
            encoded.add(new EncodedArticle(a.offset(), seen, groups));
        }

        List<String> keys = new ArrayList<>(2 + countKeys.size() + seenKeys.size());
        keys.add(RedisKeys.speedOffsets(generation));
        keys.add(RedisKeys.DISPLAY);
        keys.addAll(countKeys.keySet());
        keys.addAll(seenKeys.keySet());
        int firstSeenKey = FIRST_COUNT_KEY + countKeys.size();

        List<String> args = new ArrayList<>();
        args.add(RedisKeys.offsetField(batch.topic(), batch.partition()));
        args.add(Long.toString(batch.lastOffset()));
        args.add(Long.toString(retention.dedupeHorizon().toMillis()));
        args.add(Integer.toString(countKeys.size()));
        args.addAll(countExpireAt);
        args.add(Integer.toString(display.size()));
        display.forEach((canonical, shown) -> {
            args.add(canonical);
            args.add(shown);
        });
        args.add(Integer.toString(encoded.size()));
        for (EncodedArticle e : encoded) {
            args.add(Long.toString(e.offset()));
            args.add(Integer.toString(firstSeenKey + e.seenPosition()));
            args.add(Integer.toString(e.groups().size()));
            for (Group g : e.groups()) {
                args.add(Integer.toString(g.countKeyPositions().size()));
                g.countKeyPositions().forEach(pos -> args.add(Integer.toString(FIRST_COUNT_KEY + pos)));
                args.add(Integer.toString(g.fields().size()));
                args.addAll(g.fields());
            }
        }
        return new ApplyCall(keys, args);
    }

    private static int index(Map<String, Integer> countKeys, List<String> countExpireAt, String key, Instant expireAt) {
        return countKeys.computeIfAbsent(key, k -> {
            countExpireAt.add(Long.toString(expireAt.toEpochMilli()));
            return countExpireAt.size() - 1;
        });
    }

    /** Each of the count hashes at these positions gets +1 on each field. */
    private record Group(List<Integer> countKeyPositions, List<String> fields) {
    }

    private record EncodedArticle(long offset, int seenPosition, List<Group> groups) {
    }
}
