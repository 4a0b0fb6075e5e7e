package io.silgeom.speed.apply;

import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.speed.apply.PartitionBatch.CountedArticle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One partition batch, planned: each article's seen marker, the hashes it writes and its author or site marker
 * fields, worked out once, whatever Redis holds, however many times the call has to be built (a refused call is built
 * again on a fresh {@link ViewState}). {@link #questions()} is what must be read from Redis before the call is built
 * ({@link #call}).
 */
final class ApplyPlan {
    /** What Redis must be asked before a batch is built: its partition's stored offset, seen markers and marker fields. */
    record Questions(String offsetsKey, String offsetField, Set<String> seenKeys, Map<String, Set<String>> markerFields) {
    }

    /**
     * Plans a batch for {@code now} (which buckets are still within retention).
     *
     * @throws IllegalArgumentException if the batch is empty
     */
    static ApplyPlan of(PartitionBatch batch, String generation, SpeedRetention retention, EvidenceLimits evidence,
                        Instant now) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(now, "now");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("nothing to apply for " + batch.topic() + ":" + batch.partition());
        }
        return new ApplyPlan(batch, generation, retention, evidence, now);
    }

    private final PartitionBatch batch;
    private final String generation;
    private final SpeedRetention retention;
    private final EvidenceLimits evidence;
    private final List<PlannedArticle> articles;
    private final Questions questions;

    private ApplyPlan(PartitionBatch batch, String generation, SpeedRetention retention, EvidenceLimits evidence,
                      Instant now) {
        this.batch = batch;
        this.generation = generation;
        this.retention = retention;
        this.evidence = evidence;
        List<PlannedArticle> planned = new ArrayList<>(batch.articles().size());
        Set<String> seenKeys = new LinkedHashSet<>();
        Map<String, Set<String>> markerFields = new LinkedHashMap<>();
        Map<MinuteOfLeaf, Hashes> hashesByMinute = new HashMap<>();
        for (CountedArticle a : batch.articles()) {
            long minute = a.publishedAt().getEpochSecond() / 60;
            Hashes hashes = hashesByMinute.computeIfAbsent(new MinuteOfLeaf(minute, a.leaf()),
                    k -> Hashes.of(generation, a.leaf(), a.publishedAt(), retention, now));
            PlannedArticle p = PlannedArticle.of(a, RedisKeys.speedSeen(generation, a.id()), hashes);
            planned.add(p);
            seenKeys.add(p.seenKey());
            if (!p.markerFields().isEmpty()) {
                markerFields.computeIfAbsent(p.hashes().markersKey(), k -> new LinkedHashSet<>()).addAll(p.markerFields());
            }
        }
        this.articles = planned;
        this.questions = new Questions(RedisKeys.speedOffsets(generation),
                RedisKeys.offsetField(batch.topic(), batch.partition()), seenKeys, markerFields);
    }

    /**
     * The key of the hashes shared by the articles of one minute and leaf slice. Equality and hash written out: looked
     * up once per article, and the record's generated ones cost a measurable share of planning a batch.
     */
    private record MinuteOfLeaf(long epochMinute, Slice leaf) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MinuteOfLeaf m && m.epochMinute == epochMinute
                    && (m.leaf == leaf || (m.leaf.lang().equals(leaf.lang()) && m.leaf.source().equals(leaf.source())));
        }

        @Override
        public int hashCode() {
            return (Long.hashCode(epochMinute) * 31 + leaf.lang().hashCode()) * 31 + leaf.source().hashCode();
        }
    }

    Questions questions() {
        return questions;
    }

    /** The call that, given {@code state}, applies exactly the articles and keywords that count. */
    ApplyCall call(ViewState state) {
        return ApplyCall.of(this, Objects.requireNonNull(state, "state"));
    }

    PartitionBatch batch() {
        return batch;
    }

    String generation() {
        return generation;
    }

    SpeedRetention retention() {
        return retention;
    }

    EvidenceLimits evidence() {
        return evidence;
    }

    List<PlannedArticle> articles() {
        return articles;
    }

    /**
     * One article's part of the plan: its seen marker, the hashes it writes ({@code null} when its hour is past its
     * retention: the article then only sets its seen marker), its keywords and, parallel to them, its marker fields.
     */
    record PlannedArticle(CountedArticle article, String seenKey, Hashes hashes, List<String> keywords,
                                  boolean authorGated, List<String> markerFields) {
        static PlannedArticle of(CountedArticle a, String seenKey, Hashes hashes) {
            if (hashes == null) {
                return new PlannedArticle(a, seenKey, null, List.of(), false, List.of());
            }
            List<String> keywords = new ArrayList<>(a.keywords().size());
            a.keywords().forEach(k -> keywords.add(k.canonical()));
            Optional<String> author = a.countedAuthor();
            List<String> markerFields = new ArrayList<>(keywords.size());
            if (author.isPresent()) {
                keywords.forEach(k -> markerFields.add(RedisKeys.authorField(author.get(), a.lang(), k)));
            } else {
                String site = a.article().site() == null || a.article().site().isBlank() ? "?" : a.article().site().strip();
                keywords.forEach(k -> markerFields.add(RedisKeys.siteField(site, k)));
            }
            return new PlannedArticle(a, seenKey, hashes, keywords, author.isPresent(), markerFields);
        }
    }

    /**
     * The hashes the articles of one minute, language and source write, shared by all of them: a batch has a few
     * dozen of these for thousands of articles, so each key is built and hashed once.
     *
     * @param leaf     the slice they count under (DESIGN.md section 5: the speed view writes leaf slices only)
     * @param buckets  the count buckets of {@code leaf}: its hour and (while within retention) its minute
     * @param expireAt per key of {@code buckets} and of the other hashes, its expiry
     */
    record Hashes(String docsKey, Slice leaf, List<String> buckets, String markersKey, String voicesKey,
                  String evidenceKey, Map<String, Instant> expireAt) {
        /** The hashes of an article of {@code leaf} at {@code eventTime}, or null if its hour is past retention. */
        static Hashes of(String generation, Slice leaf, Instant eventTime, SpeedRetention retention, Instant now) {
            Optional<Instant> hourExpiry = retention.hourBucketExpiry(eventTime, now);
            if (hourExpiry.isEmpty()) {
                return null;
            }
            Instant hourExpiresAt = hourExpiry.get();
            Optional<Instant> minuteExpiry = retention.minuteBucketExpiry(eventTime, now);
            String hourId = TimeBuckets.hourId(eventTime);
            Map<String, Instant> expireAt = new HashMap<>();
            List<String> buckets = new ArrayList<>(2);
            String hour = RedisKeys.speedHour(generation, hourId, leaf);
            buckets.add(hour);
            expireAt.put(hour, hourExpiresAt);
            if (minuteExpiry.isPresent()) {
                String minute = RedisKeys.speedMinute(generation, TimeBuckets.minuteId(eventTime), leaf);
                buckets.add(minute);
                expireAt.put(minute, minuteExpiry.get());
            }
            String docs = RedisKeys.speedDocsHour(generation, hourId);
            String markers = RedisKeys.speedAuthorsHour(generation, hourId);
            String voices = RedisKeys.speedVoicesHour(generation, hourId);
            String evidence = RedisKeys.speedEvidenceHour(generation, hourId);
            for (String key : List.of(docs, markers, voices, evidence)) {
                expireAt.put(key, hourExpiresAt);
            }
            return new Hashes(docs, leaf, List.copyOf(buckets), markers, voices, evidence, expireAt);
        }
    }
}
