package io.silgeom.speed.apply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

/**
 * What the speed view held, when read just before an apply, of the things that decide whether an article and each of
 * its keywords count: the partition's stored offset, which of the batch's seen markers exist, and which of its
 * author and site marker fields exist. {@link ApplyCall} predicts the batch's effect from it; {@code apply.lua}
 * checks every part of it again inside the atomic step and refuses the whole call if any part has changed.
 *
 * @param storedOffset the offsets hash's field as read ({@code null}: the partition was never applied)
 * @param seenKeys     the seen-marker keys that exist
 * @param markerFields per marker hash, the fields that exist
 * @param claimed      what calls built before this one, and to run before it, will have created: present too
 */
record ViewState(String storedOffset, Set<String> seenKeys, Map<String, Set<String>> markerFields,
                 ApplyCall.Claims claimed) {
    private static final ApplyCall.Claims NOTHING = new ApplyCall.Claims(Set.of(), Map.of());
    /** Redis holds nothing yet: every article and every marker is new. */
    static final ViewState EMPTY = new ViewState(null, Set.of(), Map.of());

    /** Not copied: the sets are only read (a state of a flush shares them with the next states of that flush). */
    ViewState {
        seenKeys = Collections.unmodifiableSet(seenKeys);
        markerFields = Collections.unmodifiableMap(markerFields);
        Objects.requireNonNull(claimed, "claimed");
    }

    ViewState(String storedOffset, Set<String> seenKeys, Map<String, Set<String>> markerFields) {
        this(storedOffset, seenKeys, markerFields, NOTHING);
    }

    /** The stored offset as a number, -1 if none. */
    long storedOffsetOrMinusOne() {
        if (storedOffset == null) {
            return -1L;
        }
        try {
            return Long.parseLong(storedOffset);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the offsets hash holds " + storedOffset + ", not an offset", e);
        }
    }

    boolean seen(String seenKey) {
        return seenKeys.contains(seenKey) || claimed.seenKeys().contains(seenKey);
    }

    boolean marked(String markerKey, String field) {
        Set<String> fields = markerFields.get(markerKey);
        if (fields != null && fields.contains(field)) {
            return true;
        }
        Set<String> claimedFields = claimed.markerFields().get(markerKey);
        return claimedFields != null && claimedFields.contains(field);
    }

    /**
     * Reads the state the questions ask about, in one pipelined round trip (an HGET, an MGET and one HMGET per
     * marker hash). Not atomic, and it need not be: the apply script checks it again.
     */
    static ViewState read(UnifiedJedis redis, ApplyPlan.Questions questions) {
        Objects.requireNonNull(redis, "redis");
        try (AbstractPipeline pipeline = redis.pipelined()) {
            Pending pending = request(pipeline, questions);
            pipeline.sync();
            return pending.get();
        }
    }

    /** Queues the reads of {@link #read} on a pipeline; the answer is ready once the pipeline is synced. */
    static Pending request(AbstractPipeline pipeline, ApplyPlan.Questions questions) {
        Response<String> offset = pipeline.hget(questions.offsetsKey(), questions.offsetField());
        List<String> seenKeys = List.copyOf(questions.seenKeys());
        Response<List<String>> seen = seenKeys.isEmpty() ? null : pipeline.mget(seenKeys.toArray(String[]::new));
        Map<String, List<String>> asked = new LinkedHashMap<>();
        Map<String, Response<List<String>>> answers = new LinkedHashMap<>();
        questions.markerFields().forEach((key, fields) -> {
            if (!fields.isEmpty()) {
                List<String> list = new ArrayList<>(fields);
                asked.put(key, list);
                answers.put(key, pipeline.hmget(key, list.toArray(String[]::new)));
            }
        });
        return () -> {
            Set<String> existing = new HashSet<>();
            if (seen != null) {
                List<String> values = seen.get();
                for (int i = 0; i < seenKeys.size(); i++) {
                    if (values.get(i) != null) {
                        existing.add(seenKeys.get(i));
                    }
                }
            }
            Map<String, Set<String>> marked = new HashMap<>();
            answers.forEach((key, response) -> {
                List<String> fields = asked.get(key);
                List<String> values = response.get();
                Set<String> present = new HashSet<>();
                for (int i = 0; i < fields.size(); i++) {
                    if (values.get(i) != null) {
                        present.add(fields.get(i));
                    }
                }
                if (!present.isEmpty()) {
                    marked.put(key, present);
                }
            });
            return new ViewState(offset.get(), existing, marked);
        };
    }

    /**
     * This state with {@code claimed} as what the calls before it create, instead of what it had: for a flush whose
     * calls are built one after another, one set of claims that grows as they are built, rather than a copy per call.
     */
    ViewState claiming(ApplyCall.Claims claimed) {
        return new ViewState(storedOffset, seenKeys, markerFields, claimed);
    }

    /** This state with another stored offset: the one an earlier call, built but not yet run, leaves. */
    ViewState withStoredOffset(String offset) {
        return new ViewState(offset, seenKeys, markerFields, claimed);
    }

    /** A read queued on a pipeline. */
    @FunctionalInterface
    interface Pending {
        /** The state read; only after the pipeline was synced. */
        ViewState get();
    }
}
