package io.silgeom.serving.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects why an answer may be wrong, grouped by problem, so a reason reads
 * "speed hour buckets 2024050100..2024050123 (24) are older than ..." rather than listing every bucket.
 * Not thread-safe: one per query.
 */
final class Degradation {
    private final Map<String, List<String>> bucketsByProblem = new LinkedHashMap<>();
    private final List<String> reasons = new ArrayList<>();

    /** {@code problem} is a phrase that reads after a bucket list, e.g. "are missing from batch view v7". */
    void bucket(String what, String problem, String bucketId) {
        List<String> ids = bucketsByProblem.computeIfAbsent(what + "\u0000" + problem, k -> new ArrayList<>());
        if (ids.isEmpty() || !ids.get(ids.size() - 1).equals(bucketId)) {
            ids.add(bucketId);
        }
    }

    void add(String reason) {
        reasons.add(reason);
    }

    boolean degraded() {
        return !bucketsByProblem.isEmpty() || !reasons.isEmpty();
    }

    /** The reasons joined with "; ", or null when nothing is wrong. */
    String reason() {
        if (!degraded()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        bucketsByProblem.forEach((k, ids) -> {
            int sep = k.indexOf('\u0000');
            String what = k.substring(0, sep);
            String problem = k.substring(sep + 1);
            String range = ids.size() == 1 ? ids.get(0)
                    : ids.get(0) + ".." + ids.get(ids.size() - 1) + " (" + ids.size() + ")";
            parts.add(what + " " + range + " " + problem);
        });
        parts.addAll(reasons);
        return String.join("; ", parts);
    }
}
