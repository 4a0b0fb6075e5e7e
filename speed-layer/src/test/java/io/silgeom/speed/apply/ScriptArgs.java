package io.silgeom.speed.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an {@link ApplyCall} back the way {@code apply.lua} walks it: what each hash gets, when it would expire,
 * which seen markers are set and which must exist, which author/site markers are claimed and which must exist, and
 * which headlines are offered as evidence. Lets unit tests state expectations in key names instead of ARGV positions.
 */
record ScriptArgs(String offsetField, long lastOffset, String storedOffsetRead, long dedupeHorizonMs,
                  Map<String, Map<String, Long>> increments, Map<String, Long> expireAtMs,
                  Map<String, String> display, List<String> newSeen, List<String> knownSeen, Set<String> markers,
                  Set<String> knownMarkers, Map<String, List<String>> evidenceIds, List<String> leaves) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ScriptArgs read(ApplyCall call) {
        List<String> keys = call.keys();
        List<String> argv = call.args();
        int p = 0;
        String field = argv.get(p++);
        long last = Long.parseLong(argv.get(p++));
        String storedRead = argv.get(p++);
        long horizon = Long.parseLong(argv.get(p++));
        p += 2; // evidence limits
        int hashes = Integer.parseInt(argv.get(p++));
        Map<String, Long> expire = new LinkedHashMap<>();
        for (int i = 0; i < hashes; i++) {
            expire.put(keys.get(ApplyCall.FIRST_HASH_KEY - 1 + i), Long.parseLong(argv.get(p++)));
        }
        int newSeen = Integer.parseInt(argv.get(p++));
        int knownSeen = Integer.parseInt(argv.get(p++));
        int firstSeen = ApplyCall.FIRST_HASH_KEY - 1 + hashes;
        if (keys.size() != firstSeen + newSeen + knownSeen) {
            throw new AssertionError("KEYS has " + keys.size() + " keys, ARGV accounts for " + (firstSeen + newSeen + knownSeen));
        }
        Set<String> known = new LinkedHashSet<>();
        p = markers(keys, argv, p, known);
        Set<String> markers = new LinkedHashSet<>();
        p = markers(keys, argv, p, markers);
        Map<String, Map<String, Long>> inc = new TreeMap<>();
        int sums = Integer.parseInt(argv.get(p++));
        for (int s = 0; s < sums; s++) {
            int g = Integer.parseInt(argv.get(p++));
            List<String> groupKeys = new ArrayList<>();
            for (int i = 0; i < g; i++) {
                groupKeys.add(key(keys, argv.get(p++)));
            }
            Set<String> inGroup = new LinkedHashSet<>();
            int ones = Integer.parseInt(argv.get(p++));
            for (int f = 0; f < ones; f++) {
                String name = argv.get(p++);
                addOnce(inGroup, name);
                groupKeys.forEach(k -> inc.computeIfAbsent(k, x -> new HashMap<>()).merge(name, 1L, Long::sum));
            }
            int pairs = Integer.parseInt(argv.get(p++));
            for (int f = 0; f < pairs; f++) {
                String name = argv.get(p);
                long n = Long.parseLong(argv.get(p + 1));
                if (n == 1L) {
                    throw new AssertionError("field " + name + " adds 1 but is sent with its count");
                }
                addOnce(inGroup, name);
                groupKeys.forEach(k -> inc.computeIfAbsent(k, x -> new HashMap<>()).merge(name, n, Long::sum));
                p += 2;
            }
        }
        int headlines = Integer.parseInt(argv.get(p++));
        List<String> headlineIds = new ArrayList<>();
        for (int h = 0; h < headlines; h++) {
            headlineIds.add(id(argv.get(p++)));
        }
        Map<String, List<String>> evidence = new TreeMap<>();
        int candidates = Integer.parseInt(argv.get(p++));
        for (int c = 0; c < candidates; c++) {
            String evidenceKey = key(keys, argv.get(p++));
            String f = argv.get(p++);
            p++; // the voices hash it depends on
            int n = Integer.parseInt(argv.get(p++));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(headlineIds.get(Integer.parseInt(argv.get(p++)) - 1));
            }
            evidence.put(evidenceKey + " " + f, ids);
        }
        Map<String, String> display = new LinkedHashMap<>();
        int pairs = Integer.parseInt(argv.get(p++));
        for (int i = 0; i < pairs; i++) {
            display.put(argv.get(p), argv.get(p + 1));
            p += 2;
        }
        int leafCount = Integer.parseInt(argv.get(p++));
        List<String> leaves = new ArrayList<>(argv.subList(p, p + leafCount));
        p += leafCount;
        if (p != argv.size()) {
            throw new AssertionError("ARGV has " + (argv.size() - p) + " values past the last leaf slice");
        }
        return new ScriptArgs(field, last, storedRead, horizon, inc, expire, display,
                keys.subList(firstSeen, firstSeen + newSeen), keys.subList(firstSeen + newSeen, keys.size()),
                markers, known, evidence, leaves);
    }

    private static void addOnce(Set<String> fields, String field) {
        if (!fields.add(field)) {
            throw new AssertionError("field " + field + " is sent twice in one group");
        }
    }

    /** Reads marker groups (key index, F, F fields) as "key field" strings; returns the position after them. */
    private static int markers(List<String> keys, List<String> argv, int p, Set<String> into) {
        int groups = Integer.parseInt(argv.get(p++));
        for (int g = 0; g < groups; g++) {
            String marker = key(keys, argv.get(p++));
            int fields = Integer.parseInt(argv.get(p++));
            for (int f = 0; f < fields; f++) {
                into.add(marker + " " + argv.get(p++));
            }
        }
        return p;
    }

    private static String key(List<String> keys, String luaIndex) {
        return keys.get(Integer.parseInt(luaIndex) - 1);
    }

    private static String id(String headlineJson) {
        try {
            JsonNode node = JSON.readTree(headlineJson);
            return node.get("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
