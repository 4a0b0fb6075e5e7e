package io.silgeom.batch.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Which batch versions to delete after a publish, so that no reader loses a version it may still read:
 *
 * <ul>
 *   <li>versions sorting after the current one are kept (a load in progress: versions sort by cutoff, then start);
 *   <li>the newest {@code keep} published versions, the current one included, are kept whatever their age (a query
 *       that read {@code sg:batch:current} just before the switch reads the previous one);
 *   <li>an older published version is deleted once the version that replaced it (the next newer published one) has
 *       been published for at least {@code grace}: every reader has moved on by then;
 *   <li>a version never published (a failed or refused run, or one from before publish times were recorded) sorting
 *       before the current one is deleted: nobody ever read it.
 * </ul>
 */
public final class VersionRetention {
    private final int keep;
    private final Duration grace;

    public VersionRetention(int keep, Duration grace) {
        if (keep < 2) {
            throw new IllegalArgumentException("keep must be at least 2 (current and previous), got " + keep);
        }
        this.keep = keep;
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /**
     * @param current     the version just published
     * @param versions    every version that has keys or views (any order; may include {@code current})
     * @param publishedAt when each published version became current ({@code current} → now); absent = never published
     * @return the versions to delete, oldest first
     */
    public List<String> toDelete(String current, Collection<String> versions, Map<String, Instant> publishedAt, Instant now) {
        TreeSet<String> older = new TreeSet<>();
        for (String v : versions) {
            if (v.compareTo(current) < 0) {
                older.add(v);
            }
        }
        List<String> out = new ArrayList<>();
        int keptPublished = 1; // the current one
        Instant supersededAt = now; // when the newer published version (at first: the current one) became current
        for (String v : older.descendingSet()) {
            Instant published = publishedAt.get(v);
            if (published == null) {
                out.add(v);
                continue;
            }
            boolean keepIt = keptPublished < keep || Duration.between(supersededAt, now).compareTo(grace) < 0;
            if (keepIt) {
                keptPublished++;
            } else {
                out.add(v);
            }
            supersededAt = published;
        }
        out.sort(null);
        return out;
    }
}
