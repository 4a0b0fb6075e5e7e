package io.silgeom.speed.apply;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.text.Keyword;
import io.silgeom.speed.apply.PartitionBatch.CountedArticle;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The KEYS and ARGV of one {@code apply.lua} call, built from one {@link PartitionBatch} and the {@link ViewState} read
 * just before. The layout is documented at the top of {@code apply.lua}; this class decides what each article
 * contributes.
 *
 * <p><b>Predict here, check in Redis.</b> Whether an article counts (its offset is past the stored one, its id has no
 * seen marker) and whether each of its keywords counts (the author's or site's first mention that hour) depends on
 * what Redis holds. Those answers are read first ({@link #questions}, {@link ViewState#read}); the call is then built
 * as plain pre-summed increments, summed per (hash, field) and written with one HMGET and one HSET per hash and chunk, and carries the answers it relied on. The
 * script checks every one of them inside its atomic step, claims the new markers, and applies; if any answer has
 * changed since it was read (another consumer of the partition, a marker written by another instance) it undoes its
 * own claims and refuses the whole call, and the writer reads again and rebuilds. Deciding in Java keeps the script
 * to counting: an earlier version decided per article inside Lua and spent more Redis time doing so than counting.
 *
 * <p>What one counted article of language {@code lang}, source {@code src}, event time {@code t} and keywords
 * {@code w1..wn} contributes, in its leaf slice {@code s = lang:src} only ({@link Slice}: readers sum the leaves a
 * roll-up covers, listed in {@code sg:s:{gen}:slices}, to which the call adds {@code s}):
 * <ul>
 *   <li>{@code sg:s:{gen}:h:{hourId(t)}:{s}} and {@code sg:s:{gen}:m:{minuteId(t)}:{s}}, field {@code wi} +1;
 *   <li>{@code sg:s:{gen}:docs:h:{hourId(t)}} field {@code s} +1 (documents of the hour, keywords or not);
 *   <li>news and authorless posts: the hour's voices hash, field {@code wi} +1 when the article's site mentions
 *       {@code wi} for the first time that hour (a new site marker in the hour's marker hash);
 *   <li>a social post with an author: its keyword increments, voices included, only for the keywords whose author
 *       marker {@code author␉lang␉wi} is new in the hour's marker hash: only the author's first post with
 *       {@code wi} in that hour and language counts.
 * </ul>
 * A bucket already past its retention at {@code now} is left out (writing it would only delete it again).
 *
 * <p>Evidence: for the {@link EvidenceLimits#keywordsPerBatch()} (keyword, hour) pairs the batch's counted articles
 * mention most, the {@link EvidenceLimits#headlines()} newest of them (title, url, site, time) are candidates; the
 * script keeps them if the keyword's voices that hour (distinct sites and authors, all slices) have reached
 * {@link EvidenceLimits#minCount()}.
 *
 * @param expected what the call does if the script accepts it (the script answers only applied, skipped or refused)
 */
record ApplyCall(List<String> keys, List<String> args, ApplyResult expected, Claims claims) {
    /** KEYS index (1-based, as Lua sees it) of the offsets hash. */
    static final int OFFSETS_KEY = 1;
    /** KEYS index of the display-form hash. */
    static final int DISPLAY_KEY = 2;
    /** KEYS index of the set of leaf slices the view has written. */
    static final int SLICES_KEY = 3;
    /** KEYS index of the first hash with an expiry. */
    static final int FIRST_HASH_KEY = 4;
    /** A social post's text stands in for its title in evidence, cut to this many characters. */
    static final int HEADLINE_CHARS = 200;

    private static final JsonFactory JSON = new JsonFactory();
    private static final Comparator<CountedArticle> NEWEST_FIRST = ApplyCall::newestFirst;

    ApplyCall {
        keys = List.copyOf(keys);
        args = List.copyOf(args);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(claims, "claims");
    }

    /** What the call creates if it is applied: seen-marker keys, and marker fields per marker hash. */
    record Claims(Set<String> seenKeys, Map<String, Set<String>> markerFields) {
    }

    /** A call for a Redis that holds nothing of this batch yet. */
    static ApplyCall build(PartitionBatch batch, String generation, SpeedRetention retention, Instant now) {
        return build(batch, generation, retention, EvidenceLimits.DEFAULT, now);
    }

    /** A call for a Redis that holds nothing of this batch yet. */
    static ApplyCall build(PartitionBatch batch, String generation, SpeedRetention retention, EvidenceLimits evidence,
                           Instant now) {
        return ApplyPlan.of(batch, generation, retention, evidence, now).call(ViewState.EMPTY);
    }

    /** The call of a planned batch, given what Redis holds. */
    static ApplyCall of(ApplyPlan plan, ViewState state) {
        return new Builder(plan.generation(), plan.retention(), plan.evidence()).build(plan.batch(), plan.articles(), state);
    }

    /** Where a {@link ApplyPlan.Hashes}' keys are among the call's hashes, worked out on its first use in a call. */
    private record Positions(int docs, List<String> leafName, List<Integer> buckets, int markers, int voices,
                             int evidence, List<Integer> bucketsAndVoices) {
    }

    private static final class Builder {
        private final String generation;
        private final SpeedRetention retention;
        private final EvidenceLimits evidence;

        private final Map<String, Integer> hashes = new LinkedHashMap<>();   // key -> position among hashes
        private final List<String> hashExpireAt = new ArrayList<>();
        private final List<String> newSeen = new ArrayList<>();
        private final Set<String> knownSeen = new LinkedHashSet<>();
        private final Map<Integer, Set<String>> newMarkers = new LinkedHashMap<>();    // marker hash position -> fields
        private final Map<Integer, Set<String>> knownMarkers = new LinkedHashMap<>();
        private final Map<String, String> display = new LinkedHashMap<>();   // first display form in offset order wins
        private final Set<String> leaves = new LinkedHashSet<>();
        // Summed per set of hashes: the articles of one minute, language and source share their hour and minute
        // buckets, so a keyword costs one map update per article here and one group entry in ARGV instead of two.
        private final Map<List<Integer>, Map<String, long[]>> sumsByHashes = new LinkedHashMap<>();
        // Per evidence hash (an hour), per keyword: a map per hour looked up once per article, keyed by the keyword alone.
        private final Map<Integer, Map<String, EvidenceTally>> evidenceByHour = new HashMap<>();
        private final Map<ApplyPlan.Hashes, Positions> positions = new IdentityHashMap<>();
        private long applied;
        private long duplicates;
        private long alreadyApplied;
        private long authorRepeats;

        Builder(String generation, SpeedRetention retention, EvidenceLimits evidence) {
            this.generation = generation;
            this.retention = retention;
            this.evidence = evidence;
        }

        /*
         * NOTE: build is a few short methods on purpose, not one long one. The JIT compiler compiles a flush's loops
         * late (a flush runs a few times a second, so its loops reach C2 through on-stack replacement after some
         * 100,000 articles), and a rare branch first taken after that (a duplicate in the batch, an article already
         * applied) throws the compiled code away; as one method with its callees inlined, C2 took 0.7 s per compile
         * of it and compiled it again after each such branch (docs/benchmarks.md, speed layer, session 6).
         */
        ApplyCall build(PartitionBatch batch, List<ApplyPlan.PlannedArticle> articles, ViewState state) {
            decide(articles, state);
            // Only the keywords this batch mentions most; headlines are numbered in order of first use, each article once.
            Headlines headlineIndex = new Headlines();
            List<EvidenceCandidate> candidates = candidates(headlineIndex);
            List<String> keys = keys();
            List<String> args = new ArrayList<>();
            args.add(RedisKeys.offsetField(batch.topic(), batch.partition()));
            args.add(Long.toString(batch.lastOffset()));
            args.add(state.storedOffset() == null ? "" : state.storedOffset());
            args.add(Long.toString(retention.dedupeHorizon().toMillis()));
            args.add(Integer.toString(evidence.headlines()));
            args.add(Integer.toString(evidence.minCount()));
            args.add(Integer.toString(hashes.size()));
            args.addAll(hashExpireAt);
            args.add(Integer.toString(newSeen.size()));
            args.add(Integer.toString(knownSeen.size()));
            addMarkers(args, knownMarkers);
            addMarkers(args, newMarkers);
            addSums(args);
            addEvidence(args, headlineIndex, candidates);
            args.add(Integer.toString(display.size()));
            display.forEach((canonical, shown) -> {
                args.add(canonical);
                args.add(shown);
            });
            args.add(Integer.toString(leaves.size()));
            args.addAll(leaves);
            List<String> hashKeys = new ArrayList<>(hashes.keySet());
            Map<String, Set<String>> claimedMarkers = new HashMap<>();
            newMarkers.forEach((position, fields) -> claimedMarkers.put(hashKeys.get(position), fields));
            return new ApplyCall(keys, args, new ApplyResult(false, applied, duplicates, alreadyApplied, authorRepeats),
                    new Claims(new HashSet<>(newSeen), claimedMarkers));
        }

        /** Decides, article by article in offset order, which count, and sums what they add. */
        private void decide(List<ApplyPlan.PlannedArticle> articles, ViewState state) {
            long storedOffset = state.storedOffsetOrMinusOne();
            Set<String> claimedSeen = new HashSet<>();
            for (ApplyPlan.PlannedArticle p : articles) {
                decide(p, state, storedOffset, claimedSeen);
            }
        }

        private void decide(ApplyPlan.PlannedArticle p, ViewState state, long storedOffset, Set<String> claimedSeen) {
            if (p.article().offset() <= storedOffset) {
                // A batch that overlaps what another consumer of this partition already applied (a rebalance
                // whose old owner flushed late): those records are in Redis already.
                alreadyApplied++;
            } else if (state.seen(p.seenKey())) {
                knownSeen.add(p.seenKey());
                duplicates++;
            } else if (!claimedSeen.add(p.seenKey())) {
                duplicates++;   // a second copy within this batch: the first copy's marker covers it
            } else {
                newSeen.add(p.seenKey());
                applied++;
                count(p, state);
            }
        }

        private List<EvidenceCandidate> candidates(Headlines headlineIndex) {
            List<EvidenceCandidate> candidates = new ArrayList<>();
            for (EvidenceTally tally : mostMentioned(evidence.keywordsPerBatch())) {
                candidates.add(new EvidenceCandidate(tally.slot, tally.newest.stream().sorted(NEWEST_FIRST)
                        .map(headlineIndex::number).toList()));
            }
            return candidates;
        }

        private List<String> keys() {
            List<String> keys = new ArrayList<>(3 + hashes.size() + newSeen.size() + knownSeen.size());
            keys.add(RedisKeys.speedOffsets(generation));
            keys.add(RedisKeys.DISPLAY);
            keys.add(RedisKeys.speedSlices(generation));
            keys.addAll(hashes.keySet());
            keys.addAll(newSeen);
            keys.addAll(knownSeen);
            return keys;
        }

        private void addSums(List<String> args) {
            args.add(Integer.toString(sumsByHashes.size()));
            for (Map.Entry<List<Integer>, Map<String, long[]>> group : sumsByHashes.entrySet()) {
                List<Integer> positions = group.getKey();
                args.add(Integer.toString(positions.size()));
                for (Integer position : positions) {
                    args.add(Integer.toString(FIRST_HASH_KEY + position));
                }
                addFieldSums(args, group.getValue());
            }
        }

        /** The fields that add 1 (most of them) without their count, then the others as (field, n) pairs. */
        private static void addFieldSums(List<String> args, Map<String, long[]> byField) {
            int ones = 0;
            for (long[] n : byField.values()) {
                if (n[0] == 1L) {
                    ones++;
                }
            }
            args.add(Integer.toString(ones));
            for (Map.Entry<String, long[]> e : byField.entrySet()) {
                if (e.getValue()[0] == 1L) {
                    args.add(e.getKey());
                }
            }
            args.add(Integer.toString(byField.size() - ones));
            for (Map.Entry<String, long[]> e : byField.entrySet()) {
                if (e.getValue()[0] != 1L) {
                    args.add(e.getKey());
                    args.add(Long.toString(e.getValue()[0]));
                }
            }
        }

        private static void addEvidence(List<String> args, Headlines headlineIndex, List<EvidenceCandidate> candidates) {
            args.add(Integer.toString(headlineIndex.order.size()));
            headlineIndex.order.forEach(a -> args.add(headline(a)));
            args.add(Integer.toString(candidates.size()));
            for (EvidenceCandidate c : candidates) {
                args.add(Integer.toString(FIRST_HASH_KEY + c.slot().evidencePosition()));
                args.add(c.slot().keyword());
                args.add(Integer.toString(FIRST_HASH_KEY + c.slot().voicesPosition()));
                args.add(Integer.toString(c.headlines().size()));
                c.headlines().forEach(i -> args.add(Integer.toString(i)));
            }
        }

        private static void addMarkers(List<String> args, Map<Integer, Set<String>> markers) {
            args.add(Integer.toString(markers.size()));
            markers.forEach((position, fields) -> {
                args.add(Integer.toString(FIRST_HASH_KEY + position));
                args.add(Integer.toString(fields.size()));
                args.addAll(fields);
            });
        }

        /** The increments of one article that counts, given which of its markers Redis (or this batch) holds already. */
        private void count(ApplyPlan.PlannedArticle p, ViewState state) {
            ApplyPlan.Hashes h = p.hashes();
            if (h == null) {
                return;   // too old for any bucket: nothing to count, but the id is still marked seen
            }
            Positions at = positions.computeIfAbsent(h, this::positionsOf);
            // An article without keywords is still a document of its hour: the docs hash is the denominator.
            add(List.of(at.docs()), at.leafName());
            if (p.keywords().isEmpty()) {
                return;
            }
            for (Keyword k : p.article().keywords()) {
                // Readers show the canonical form when sg:display has none, so only a form that differs is sent:
                // most keywords are already shown as their canonical form, and each sent one costs a field in the script's HMGET and HSET.
                if (!k.display().equals(k.canonical())) {
                    display.putIfAbsent(k.canonical(), k.display());
                }
            }
            List<String> counted = p.authorGated() ? new ArrayList<>(p.keywords().size()) : p.keywords();
            List<String> firstVoices = new ArrayList<>(p.keywords().size());
            for (int i = 0; i < p.keywords().size(); i++) {
                String keyword = p.keywords().get(i);
                boolean first = claim(state, h.markersKey(), at.markers(), p.markerFields().get(i));
                if (p.authorGated()) {
                    if (first) {
                        counted.add(keyword);
                    } else {
                        authorRepeats++;
                    }
                } else if (first) {
                    firstVoices.add(keyword);
                }
            }
            if (!counted.isEmpty()) {
                Map<String, EvidenceTally> tallies = evidenceByHour.computeIfAbsent(at.evidence(), e -> new HashMap<>());
                for (String keyword : counted) {
                    offerEvidence(tallies, at, keyword, p.article());
                }
            }
            if (p.authorGated()) {
                // The author's voice and their count go together: both only for keywords new to this author.
                add(at.bucketsAndVoices(), counted);
            } else {
                add(at.buckets(), counted);
                add(List.of(at.voices()), firstVoices);
            }
        }

        private Positions positionsOf(ApplyPlan.Hashes h) {
            List<Integer> buckets = new ArrayList<>(h.buckets().size());
            h.buckets().forEach(key -> buckets.add(hash(key, h.expireAt().get(key))));
            int voices = hash(h.voicesKey(), h.expireAt().get(h.voicesKey()));
            List<Integer> bucketsAndVoices = new ArrayList<>(buckets);
            bucketsAndVoices.add(voices);
            leaves.add(h.leaf().toString());
            return new Positions(hash(h.docsKey(), h.expireAt().get(h.docsKey())), List.of(h.leaf().toString()),
                    List.copyOf(buckets), hash(h.markersKey(), h.expireAt().get(h.markersKey())), voices,
                    hash(h.evidenceKey(), h.expireAt().get(h.evidenceKey())), List.copyOf(bucketsAndVoices));
        }

        /**
         * True if the marker field is new: neither in Redis when read nor claimed by an earlier article of this batch.
         * A new field is claimed (the script checks it is absent, then sets it); one Redis held is listed for the script to check.
         */
        private boolean claim(ViewState state, String markersKey, int markersPosition, String field) {
            if (state.marked(markersKey, field)) {
                knownMarkers.computeIfAbsent(markersPosition, k -> new LinkedHashSet<>()).add(field);
                return false;
            }
            return newMarkers.computeIfAbsent(markersPosition, k -> new LinkedHashSet<>()).add(field);
        }

        /** +1 on every field of every hash. */
        private void add(List<Integer> positions, List<String> fields) {
            if (fields.isEmpty()) {
                return;
            }
            Map<String, long[]> byField = sumsByHashes.computeIfAbsent(positions, p -> new HashMap<>());
            for (String field : fields) {
                long[] n = byField.get(field);
                if (n == null) {
                    byField.put(field, new long[] {1L});
                } else {
                    n[0]++;
                }
            }
        }

        private void offerEvidence(Map<String, EvidenceTally> tallies, Positions at, String keyword, CountedArticle a) {
            EvidenceTally tally = tallies.get(keyword);
            if (tally == null) {
                tally = new EvidenceTally(new EvidenceSlot(at.evidence(), at.voices(), keyword), evidence.headlines());
                tallies.put(keyword, tally);
            }
            tally.mentions++;
            List<CountedArticle> newest = tally.newest;
            if (newest.size() < evidence.headlines()) {
                newest.add(a);
                return;
            }
            int oldest = 0;
            for (int i = 1; i < newest.size(); i++) {
                if (newestFirst(newest.get(i), newest.get(oldest)) > 0) {
                    oldest = i;
                }
            }
            if (newestFirst(a, newest.get(oldest)) < 0) {
                newest.set(oldest, a);
            }
        }

        /**
         * The {@code limit} (keyword, hour) slots with the most mentions in this batch, most first, ties by keyword, then hour.
         * A slot mentioned once competes only when fewer than {@code limit} slots were mentioned more often: the long
         * tail is most of the vocabulary, and sorting it all cost more than the rest of the call.
         */
        private List<EvidenceTally> mostMentioned(int limit) {
            Comparator<EvidenceTally> order = Comparator.comparingInt((EvidenceTally t) -> -t.mentions)
                    .thenComparing((EvidenceTally t) -> t.slot.keyword()).thenComparingInt(t -> t.slot.evidencePosition());
            List<EvidenceTally> repeated = new ArrayList<>();
            List<EvidenceTally> once = new ArrayList<>();
            evidenceByHour.values().forEach(tallies -> tallies.values().forEach(t -> (t.mentions > 1 ? repeated : once).add(t)));
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

    /**
     * The JSON the evidence hash holds per headline: id, title, url, site, publishedAt, ts (epoch ms, for ordering).
     * Written field by field, not as a map through the ObjectMapper: the same JSON without a map, boxing and the map
     * serializer (whose compiled form the JIT compiler was still building in the benchmark's measured span).
     */
    static String headline(CountedArticle a) {
        String title = a.article().title();
        if (title == null || title.isBlank()) {
            String body = a.article().body() == null ? "" : a.article().body().strip();
            title = body.length() > HEADLINE_CHARS ? body.substring(0, HEADLINE_CHARS) + "…" : body;
        }
        StringWriter out = new StringWriter(title.length() + 160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", a.id());
            json.writeStringField("title", title.strip());
            json.writeStringField("url", a.article().url());
            json.writeStringField("site", a.article().site());
            json.writeStringField("publishedAt", a.publishedAt().toString());
            json.writeNumberField("ts", a.publishedAt().toEpochMilli());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a headline as JSON", e);
        }
        return out.toString();
    }

    /**
     * The headlines of a call, numbered from 1 in order of first use, each article once. By identity: a batch holds one
     * {@link CountedArticle} per record, and the record's own hashCode hashes the whole article, text included (its
     * compiled form was one of the larger things the JIT compiler still compiled in the benchmark's measured span).
     */
    private static final class Headlines {
        private final Map<CountedArticle, Integer> index = new IdentityHashMap<>();
        private final List<CountedArticle> order = new ArrayList<>();

        int number(CountedArticle a) {
            Integer n = index.get(a);
            if (n == null) {
                order.add(a);
                n = order.size();
                index.put(a, n);
            }
            return n;
        }
    }

    private record EvidenceSlot(int evidencePosition, int voicesPosition, String keyword) {
    }

    /** A slot's mentions in the batch and its newest articles so far (at most the headlines kept). */
    private static final class EvidenceTally {
        final EvidenceSlot slot;
        int mentions;
        final List<CountedArticle> newest;

        EvidenceTally(EvidenceSlot slot, int headlines) {
            this.slot = slot;
            newest = new ArrayList<>(headlines);
        }
    }

    /** Newest first by event time, ties by id: negative if {@code a} comes before {@code b}. */
    private static int newestFirst(CountedArticle a, CountedArticle b) {
        int byTime = b.publishedAt().compareTo(a.publishedAt());
        return byTime != 0 ? byTime : a.id().compareTo(b.id());
    }

    private record EvidenceCandidate(EvidenceSlot slot, List<Integer> headlines) {
    }
}
