package io.silgeom.speed.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads an {@link ApplyCall} back the way {@code apply.lua} walks it, for a Redis that holds nothing yet
 * (every article new, every marker new): what each hash would get, when it would expire, which seen marker each
 * article sets, which markers are set and which headlines are offered as evidence. Lets unit tests state
 * expectations in key names instead of ARGV positions.
 */
record ScriptArgs(String offsetField, long lastOffset, long dedupeHorizonMs,
                  Map<String, Map<String, Long>> increments, Map<String, Long> expireAtMs,
                  Map<String, String> display, List<Entry> articles, Set<String> markers,
                  Map<String, List<String>> evidenceIds) {

    /** One article: its offset, its seen marker, and whether its share of the sums can be taken back. */
    record Entry(long offset, String seenKey) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static ScriptArgs read(ApplyCall call) {
        List<String> keys = call.keys();
        List<String> argv = call.args();
        int p = 0;
        String field = argv.get(p++);
        long last = Long.parseLong(argv.get(p++));
        long horizon = Long.parseLong(argv.get(p++));
        p += 2; // evidence limits
        int hashes = Integer.parseInt(argv.get(p++));
        Map<String, Long> expire = new LinkedHashMap<>();
        for (int i = 0; i < hashes; i++) {
            expire.put(keys.get(ApplyCall.FIRST_HASH_KEY - 1 + i), Long.parseLong(argv.get(p++)));
        }
        Map<String, String> display = new LinkedHashMap<>();
        int pairs = Integer.parseInt(argv.get(p++));
        for (int i = 0; i < pairs; i++) {
            display.put(argv.get(p), argv.get(p + 1));
            p += 2;
        }
        Map<String, Map<String, Long>> inc = new TreeMap<>();
        int sums = Integer.parseInt(argv.get(p++));
        for (int s = 0; s < sums; s++) {
            String key = key(keys, argv.get(p++));
            int fields = Integer.parseInt(argv.get(p++));
            for (int f = 0; f < fields; f++) {
                inc.computeIfAbsent(key, x -> new HashMap<>()).merge(argv.get(p), Long.parseLong(argv.get(p + 1)), Long::sum);
                p += 2;
            }
        }
        Set<String> markers = new HashSet<>();
        List<Entry> entries = new ArrayList<>();
        int articles = Integer.parseInt(argv.get(p++));
        for (int a = 0; a < articles; a++) {
            long offset = Long.parseLong(argv.get(p++));
            String seen = key(keys, argv.get(p++));
            p++; // its share: taken back only if it does not count, and every article counts here
            entries.add(new Entry(offset, seen));
            int gated = Integer.parseInt(argv.get(p++));
            if (gated > 0) {
                String marker = key(keys, argv.get(p++));
                int k = Integer.parseInt(argv.get(p++));
                List<String> gatedKeys = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    gatedKeys.add(key(keys, argv.get(p++)));
                }
                for (int g = 0; g < gated; g++) {
                    String markerField = argv.get(p++);
                    String f = argv.get(p++);
                    if (markers.add(marker + " " + markerField)) {
                        gatedKeys.forEach(key -> inc.computeIfAbsent(key, x -> new HashMap<>()).merge(f, 1L, Long::sum));
                    }
                }
            }
        }
        int voices = Integer.parseInt(argv.get(p++));
        for (int v = 0; v < voices; v++) {
            String marker = key(keys, argv.get(p++));
            String markerField = argv.get(p++);
            String voicesKey = key(keys, argv.get(p++));
            String f = argv.get(p++);
            if (markers.add(marker + " " + markerField)) {
                inc.computeIfAbsent(voicesKey, x -> new HashMap<>()).merge(f, 1L, Long::sum);
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
            p++; // the hour count it depends on
            int n = Integer.parseInt(argv.get(p++));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(headlineIds.get(Integer.parseInt(argv.get(p++)) - 1));
            }
            evidence.put(evidenceKey + " " + f, ids);
        }
        if (p != argv.size()) {
            throw new AssertionError("ARGV has " + (argv.size() - p) + " values past the last evidence candidate");
        }
        return new ScriptArgs(field, last, horizon, inc, expire, display, entries, markers, evidence);
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
