package io.silgeom.speed.apply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.speed.apply.PartitionBatch.CountedArticle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The KEYS and ARGV of one {@code apply.lua} call, built from one {@link PartitionBatch}. The layout is
 * documented at the top of {@code apply.lua}; this class decides what each article contributes.
 *
 * <p>What one article of language {@code lang}, source {@code src}, event time {@code t} and keywords
 * {@code w1..wn} contributes, for each slice {@code s} of {@link Slice#rollUps(String, String)}:
 * <ul>
 *   <li>{@code sg:s:{gen}:h:{hourId(t)}:{s}} and {@code sg:s:{gen}:m:{minuteId(t)}:{s}}, field {@code wi} +1;
 *   <li>{@code sg:s:{gen}:docs:h:{hourId(t)}} field {@code s} +1 (documents of the hour, keywords or not);
 *   <li>news and authorless posts: the hour's voices hash, field {@code wi} +1 when the article's site mentions
 *       {@code wi} for the first time that hour (a site marker in the hour's marker hash);
 *   <li>a social post with an author: its keyword increments, voices included, are gated by the author marker
 *       {@code author␉lang␉wi} in the hour's marker hash: only the author's first post with {@code wi} in that
 *       hour and language counts.
 * </ul>
 * Plain increments are summed over the whole batch here, so the script issues one HINCRBY per (hash, field); each
 * article also carries its own share, which the script takes back if the article turns out not to count (a
 * duplicate, or a record another consumer applied). A bucket already past its retention at {@code now} is left out
 * (writing it would only delete it again).
 *
 * <p>Evidence: for the {@link EvidenceLimits#keywordsPerBatch()} (keyword, hour) pairs the batch mentions most, the
 * {@link EvidenceLimits#headlines()} newest articles of the batch (title, url, site, time) are candidates; the script
 * keeps them if the keyword's hour count has reached {@link EvidenceLimits#minCount()}.
 */
record ApplyCall(List<String> keys, List<String> args) {
    /** KEYS index (1-based, as Lua sees it) of the offsets hash. */
    static final int OFFSETS_KEY = 1;
    /** KEYS index of the display-form hash. */
    static final int DISPLAY_KEY = 2;
    /** KEYS index of the first hash with an expiry. */
    static final int FIRST_HASH_KEY = 3;
    /** A social post's text stands in for its title in evidence, cut to this many characters. */
    static final int HEADLINE_CHARS = 200;

    private static final char GROUP_SEPARATOR = '\u001e';
    private static final char FIELD_SEPARATOR = '\u001f';
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<CountedArticle> NEWEST_FIRST = Comparator
            .comparing(CountedArticle::publishedAt).reversed().thenComparing(CountedArticle::id);

    ApplyCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
    }

    static ApplyCall build(PartitionBatch batch, String generation, SpeedRetention retention, Instant now) {
        return build(batch, generation, retention, EvidenceLimits.DEFAULT, now);
    }

    static ApplyCall build(PartitionBatch batch, String generation, SpeedRetention retention, EvidenceLimits evidence,
                           Instant now) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(now, "now");
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("nothing to apply for " + batch.topic() + ":" + batch.partition());
        }
        return new Builder(generation, retention, evidence, now).build(batch);
    }

    private static final class Builder {
        private final String generation;
        private final SpeedRetention retention;
        private final EvidenceLimits evidence;
        private final Instant now;

        private final Map<String, Integer> hashes = new LinkedHashMap<>();   // key -> position among hashes
        private final List<String> hashExpireAt = new ArrayList<>();
        private final Map<String, Integer> seenKeys = new LinkedHashMap<>(); // key -> position among seen markers
        private final Map<String, String> display = new LinkedHashMap<>();   // first display form in offset order wins
        private final Map<List<Integer>, Map<String, Long>> sumsByHashes = new LinkedHashMap<>();
        private final List<EncodedArticle> encoded = new ArrayList<>();
        private final Set<SiteVoice> siteVoices = new LinkedHashSet<>();
        private final Map<EvidenceSlot, List<CountedArticle>> evidenceSlots = new LinkedHashMap<>();
        private final Map<EvidenceSlot, Integer> evidenceMentions = new HashMap<>();

        Builder(String generation, SpeedRetention retention, EvidenceLimits evidence, Instant now) {
            this.generation = generation;
            this.retention = retention;
            this.evidence = evidence;
            this.now = now;
        }

        ApplyCall build(PartitionBatch batch) {
            for (CountedArticle a : batch.articles()) {
                encoded.add(encode(a));
            }
            // Only the keywords this batch mentions most; headlines are numbered in order of first use, each article once.
            Map<CountedArticle, Integer> headlineIndex = new LinkedHashMap<>();
            List<EvidenceCandidate> candidates = new ArrayList<>();
            for (EvidenceSlot slot : mostMentioned(evidence.keywordsPerBatch())) {
                candidates.add(new EvidenceCandidate(slot, evidenceSlots.get(slot).stream().sorted(NEWEST_FIRST)
                        .map(a -> headlineIndex.computeIfAbsent(a, x -> headlineIndex.size() + 1)).toList()));
            }

            List<String> keys = new ArrayList<>(2 + hashes.size() + seenKeys.size());
            keys.add(RedisKeys.speedOffsets(generation));
            keys.add(RedisKeys.DISPLAY);
            keys.addAll(hashes.keySet());
            keys.addAll(seenKeys.keySet());
            int firstSeenKey = FIRST_HASH_KEY + hashes.size();

            List<String> args = new ArrayList<>();
            args.add(RedisKeys.offsetField(batch.topic(), batch.partition()));
            args.add(Long.toString(batch.lastOffset()));
            args.add(Long.toString(retention.dedupeHorizon().toMillis()));
            args.add(Integer.toString(evidence.headlines()));
            args.add(Integer.toString(evidence.minCount()));
            args.add(Integer.toString(hashes.size()));
            args.addAll(hashExpireAt);
            args.add(Integer.toString(display.size()));
            display.forEach((canonical, shown) -> {
                args.add(canonical);
                args.add(shown);
            });
            Map<Integer, Map<String, Long>> sums = sums();
            args.add(Integer.toString(sums.size()));
            sums.forEach((position, byField) -> {
                args.add(Integer.toString(FIRST_HASH_KEY + position));
                args.add(Integer.toString(byField.size()));
                byField.forEach((field, n) -> {
                    args.add(field);
                    args.add(Long.toString(n));
                });
            });
            args.add(Integer.toString(encoded.size()));
            for (EncodedArticle e : encoded) {
                args.add(Long.toString(e.offset()));
                args.add(Integer.toString(firstSeenKey + e.seenPosition()));
                args.add(e.share());
                args.add(Integer.toString(e.gatedFields().size()));
                if (!e.gatedFields().isEmpty()) {
                    args.add(Integer.toString(FIRST_HASH_KEY + e.markerPosition()));
                    args.add(Integer.toString(e.gatedHashes().size()));
                    e.gatedHashes().forEach(pos -> args.add(Integer.toString(FIRST_HASH_KEY + pos)));
                    e.gatedFields().forEach((markerField, field) -> {
                        args.add(markerField);
                        args.add(field);
                    });
                }
            }
            args.add(Integer.toString(siteVoices.size()));
            for (SiteVoice v : siteVoices) {
                args.add(Integer.toString(FIRST_HASH_KEY + v.markerPosition()));
                args.add(v.markerField());
                args.add(Integer.toString(FIRST_HASH_KEY + v.voicesPosition()));
                args.add(v.keyword());
            }
            args.add(Integer.toString(headlineIndex.size()));
            headlineIndex.keySet().forEach(a -> args.add(headline(a)));
            args.add(Integer.toString(candidates.size()));
            for (EvidenceCandidate c : candidates) {
                args.add(Integer.toString(FIRST_HASH_KEY + c.slot().evidencePosition()));
                args.add(c.slot().keyword());
                args.add(Integer.toString(FIRST_HASH_KEY + c.slot().totalHourPosition()));
                args.add(Integer.toString(c.headlines().size()));
                c.headlines().forEach(i -> args.add(Integer.toString(i)));
            }
            return new ApplyCall(keys, args);
        }

        private EncodedArticle encode(CountedArticle a) {
            int seen = seenKeys.computeIfAbsent(RedisKeys.speedSeen(generation, a.id()), k -> seenKeys.size());
            Optional<Instant> hourExpiry = retention.hourBucketExpiry(a.publishedAt(), now);
            if (hourExpiry.isEmpty()) {
                // Too old for any bucket: nothing to count, but the id is still marked seen, as before.
                return new EncodedArticle(a.offset(), seen, "", -1, List.of(), Map.of());
            }
            Instant hourExpiresAt = hourExpiry.get();
            Optional<Instant> minuteExpiry = retention.minuteBucketExpiry(a.publishedAt(), now);
            String hourId = TimeBuckets.hourId(a.publishedAt());
            String minuteId = TimeBuckets.minuteId(a.publishedAt());
            StringBuilder share = new StringBuilder();

            // An article without keywords is still a document of its hour: the docs hash is the denominator.
            int docs = hash(RedisKeys.speedDocsHour(generation, hourId), hourExpiresAt);
            List<String> sliceNames = a.slices().stream().map(Slice::toString).toList();
            add(List.of(docs), sliceNames, share);
            if (a.keywords().isEmpty()) {
                return new EncodedArticle(a.offset(), seen, share.toString(), -1, List.of(), Map.of());
            }

            List<Integer> buckets = new ArrayList<>(8);
            int totalHour = -1;
            for (Slice slice : a.slices()) {
                int hour = hash(RedisKeys.speedHour(generation, hourId, slice), hourExpiresAt);
                buckets.add(hour);
                if (slice.equals(Slice.TOTAL)) {
                    totalHour = hour;
                }
                minuteExpiry.ifPresent(at -> buckets.add(hash(RedisKeys.speedMinute(generation, minuteId, slice), at)));
            }
            List<String> canonical = a.keywords().stream().map(Keyword::canonical).toList();
            a.keywords().forEach(k -> display.putIfAbsent(k.canonical(), k.display()));
            int markers = hash(RedisKeys.speedAuthorsHour(generation, hourId), hourExpiresAt);
            int voices = hash(RedisKeys.speedVoicesHour(generation, hourId), hourExpiresAt);
            int evidenceHash = hash(RedisKeys.speedEvidenceHour(generation, hourId), hourExpiresAt);
            for (String keyword : canonical) {
                offerEvidence(new EvidenceSlot(evidenceHash, totalHour, keyword), a);
            }

            Optional<String> author = a.countedAuthor();
            if (author.isPresent()) {
                List<Integer> gated = new ArrayList<>(buckets);
                gated.add(voices);
                Map<String, String> fields = new LinkedHashMap<>();
                for (String keyword : canonical) {
                    fields.put(RedisKeys.authorField(author.get(), a.lang(), keyword), keyword);
                }
                return new EncodedArticle(a.offset(), seen, share.toString(), markers, gated, fields);
            }
            add(buckets, canonical, share);
            String site = a.article().site() == null || a.article().site().isBlank() ? "?" : a.article().site().strip();
            for (String keyword : canonical) {
                siteVoices.add(new SiteVoice(markers, RedisKeys.siteField(site, keyword), voices, keyword));
            }
            return new EncodedArticle(a.offset(), seen, share.toString(), -1, List.of(), Map.of());
        }

        /** +1 on every field of every hash, into the batch sums and into the article's share. */
        private void add(List<Integer> positions, List<String> fields, StringBuilder share) {
            if (share.length() > 0) {
                share.append(GROUP_SEPARATOR);
            }
            for (int i = 0; i < positions.size(); i++) {
                share.append(i == 0 ? "" : ",").append(FIRST_HASH_KEY + positions.get(i));
            }
            // Summed per set of hashes first: the articles of one minute, language and source share their eight
            // hashes, so a keyword costs one map update per article here instead of eight.
            Map<String, Long> byField = sumsByHashes.computeIfAbsent(positions, p -> new HashMap<>());
            for (String field : fields) {
                byField.merge(field, 1L, Long::sum);
                share.append(FIELD_SEPARATOR).append(field);
            }
        }

        /** Spreads the sums per set of hashes over the hashes themselves. */
        private Map<Integer, Map<String, Long>> sums() {
            Map<Integer, Map<String, Long>> sums = new LinkedHashMap<>();
            sumsByHashes.forEach((positions, byField) -> {
                for (int position : positions) {
                    Map<String, Long> target = sums.computeIfAbsent(position, p -> new LinkedHashMap<>());
                    if (target.isEmpty()) {
                        target.putAll(byField);
                    } else {
                        byField.forEach((field, n) -> target.merge(field, n, Long::sum));
                    }
                }
            });
            return sums;
        }

        private void offerEvidence(EvidenceSlot slot, CountedArticle a) {
            evidenceMentions.merge(slot, 1, Integer::sum);
            List<CountedArticle> newest = evidenceSlots.computeIfAbsent(slot, s -> new ArrayList<>(evidence.headlines()));
            if (newest.size() < evidence.headlines()) {
                newest.add(a);
                return;
            }
            int oldest = 0;
            for (int i = 1; i < newest.size(); i++) {
                if (NEWEST_FIRST.compare(newest.get(i), newest.get(oldest)) > 0) {
                    oldest = i;
                }
            }
            if (NEWEST_FIRST.compare(a, newest.get(oldest)) < 0) {
                newest.set(oldest, a);
            }
        }

        /**
         * The {@code limit} (keyword, hour) slots with the most mentions in this batch, most first, ties by keyword.
         * A slot mentioned once competes only when fewer than {@code limit} slots were mentioned more often: the long
         * tail is most of the vocabulary, and sorting it all cost more than the rest of the call.
         */
        private List<EvidenceSlot> mostMentioned(int limit) {
            Comparator<EvidenceSlot> order = Comparator.comparingInt((EvidenceSlot slot) -> -evidenceMentions.get(slot))
                    .thenComparing(EvidenceSlot::keyword);
            List<EvidenceSlot> repeated = new ArrayList<>();
            List<EvidenceSlot> once = new ArrayList<>();
            evidenceMentions.forEach((slot, n) -> (n > 1 ? repeated : once).add(slot));
            repeated.sort(order);
            if (repeated.size() >= limit) {
                return repeated.subList(0, limit);
            }
            once.sort(order);
            repeated.addAll(once.subList(0, Math.min(once.size(), limit - repeated.size())));
            return repeated;
        }

        private int hash(String key, Instant expireAt) {
            return hashes.computeIfAbsent(key, k -> {
                hashExpireAt.add(Long.toString(expireAt.toEpochMilli()));
                return hashExpireAt.size() - 1;
            });
        }
    }

    /** The JSON the evidence hash holds per headline: id, title, url, site, publishedAt, ts (epoch ms, for ordering). */
    static String headline(CountedArticle a) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("id", a.id());
        String title = a.article().title();
        if (title == null || title.isBlank()) {
            String body = a.article().body() == null ? "" : a.article().body().strip();
            title = body.length() > HEADLINE_CHARS ? body.substring(0, HEADLINE_CHARS) + "…" : body;
        }
        h.put("title", title.strip());
        h.put("url", a.article().url());
        h.put("site", a.article().site());
        h.put("publishedAt", a.publishedAt().toString());
        h.put("ts", a.publishedAt().toEpochMilli());
        try {
            return JSON.writeValueAsString(h);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a headline as JSON", e);
        }
    }

    private record EncodedArticle(long offset, int seenPosition, String share, int markerPosition,
                                  List<Integer> gatedHashes, Map<String, String> gatedFields) {
    }

    private record SiteVoice(int markerPosition, String markerField, int voicesPosition, String keyword) {
    }

    private record EvidenceSlot(int evidencePosition, int totalHourPosition, String keyword) {
    }

    private record EvidenceCandidate(EvidenceSlot slot, List<Integer> headlines) {
    }
}
