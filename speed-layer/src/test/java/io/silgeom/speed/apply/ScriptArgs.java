package io.silgeom.speed.apply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an {@link ApplyCall} back the way {@code apply.lua} walks it, for a Redis that holds nothing yet
 * (every article new): what each hash would get, when it would expire, which seen marker each article
 * sets. Lets unit tests state expectations in key names instead of ARGV positions.
 */
record ScriptArgs(String offsetField, long lastOffset, long dedupeHorizonMs,
                  Map<String, Map<String, Long>> increments, Map<String, Long> expireAtMs,
                  Map<String, String> display, List<Entry> articles) {

    record Entry(long offset, String seenKey) {
    }

    static ScriptArgs read(ApplyCall call) {
        List<String> keys = call.keys();
        List<String> argv = call.args();
        int p = 0;
        String field = argv.get(p++);
        long last = Long.parseLong(argv.get(p++));
        long horizon = Long.parseLong(argv.get(p++));
        int countKeys = Integer.parseInt(argv.get(p++));
        Map<String, Long> expire = new LinkedHashMap<>();
        for (int i = 0; i < countKeys; i++) {
            expire.put(keys.get(ApplyCall.FIRST_COUNT_KEY - 1 + i), Long.parseLong(argv.get(p++)));
        }
        Map<String, String> display = new LinkedHashMap<>();
        int pairs = Integer.parseInt(argv.get(p++));
        for (int i = 0; i < pairs; i++) {
            display.put(argv.get(p), argv.get(p + 1));
            p += 2;
        }
        Map<String, Map<String, Long>> inc = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        int articles = Integer.parseInt(argv.get(p++));
        for (int a = 0; a < articles; a++) {
            long offset = Long.parseLong(argv.get(p++));
            String seen = keys.get(Integer.parseInt(argv.get(p++)) - 1);
            entries.add(new Entry(offset, seen));
            int groups = Integer.parseInt(argv.get(p++));
            for (int g = 0; g < groups; g++) {
                int k = Integer.parseInt(argv.get(p++));
                List<String> groupKeys = new ArrayList<>();
                for (int i = 0; i < k; i++) {
                    groupKeys.add(keys.get(Integer.parseInt(argv.get(p++)) - 1));
                }
                int f = Integer.parseInt(argv.get(p++));
                List<String> fields = argv.subList(p, p + f);
                p += f;
                for (String key : groupKeys) {
                    for (String fl : fields) {
                        inc.computeIfAbsent(key, x -> new HashMap<>()).merge(fl, 1L, Long::sum);
                    }
                }
            }
        }
        if (p != argv.size()) {
            throw new AssertionError("ARGV has " + (argv.size() - p) + " values past the last article");
        }
        return new ScriptArgs(field, last, horizon, inc, expire, display, entries);
    }
}
