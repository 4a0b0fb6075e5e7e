package io.silgeom.ingest.collect;

/**
 * The ids a replay has published, to count the rows that repeat one. Holds a 64-bit hash per id in an open-addressing
 * table (16 bytes an id at most), not the strings: a million-row file costs 16 MB, not a hundred. Two distinct ids
 * share a hash with odds of about n²/2⁶⁵ (a billion to one for a million ids), so a count may be off by one in theory,
 * which is fine for a summary line. Not thread-safe.
 */
final class SeenIds {
    private static final long EMPTY = 0;
    private long[] slots = new long[1 << 16];
    private int size;
    /** Keeps the look-ahead reads of {@link #addAll} from being optimised away. */
    private long touched;

    /** @return true when the id was not seen before */
    boolean add(String id) {
        long h = hash(id);
        if (size * 2 >= slots.length) {
            grow();
        }
        if (!insert(slots, h)) {
            return false;
        }
        size++;
        return true;
    }

    /**
     * {@link #add} for {@code ids[0, n)} in that order: {@code result[i]} is true when {@code ids[i]} was new (an id
     * twice among them counts as seen the second time). The slots of all of them are read first, in a loop whose reads
     * do not depend on each other, so the processor waits for the cache misses together instead of one per id: the
     * table is far larger than the caches, and the miss was a fifth of the replay's reading thread.
     */
    boolean[] addAll(String[] ids, int n) {
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = hash(ids[i]);
        }
        while ((size + n) * 2 >= slots.length) {
            grow();
        }
        long[] table = slots;
        int mask = table.length - 1;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += table[slot(h[i], mask)];
        }
        touched += sum;
        boolean[] fresh = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (insert(table, h[i])) {
                size++;
                fresh[i] = true;
            }
        }
        return fresh;
    }

    private static int slot(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static boolean insert(long[] table, long h) {
        int mask = table.length - 1;
        int i = slot(h, mask);
        while (table[i] != EMPTY) {
            if (table[i] == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = h;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long h : old) {
            if (h != EMPTY) {
                insert(slots, h);
            }
        }
    }

    /** FNV-1a over the UTF-16 units, then a finalising mix; never {@link #EMPTY}. */
    private static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == EMPTY ? 1 : h;
    }

    int size() {
        return size;
    }
}
