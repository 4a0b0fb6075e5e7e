package io.silgeom.ingest.collect;

/**
 * The ids a replay has published, to count the rows that repeat one. Holds a 64-bit hash per id in an open-addressing
 * table (16 bytes an id at most), not the strings: a million-row file costs 16 MB, not a hundred. Two distinct ids
 * share a hash with odds of about n²/2⁶⁵ (a billion to one for a million ids), so a count may be off by one in theory,
 * which is fine for a summary line. Not thread-safe.
 *
 * <p>The table is cut into arrays of 512 KB: G1 allocates an array of half a heap region or more (1 MB with the replay
 * benchmark's 3 GB heap) straight in the old generation, as "humongous", and every such allocation may start a concurrent
 * marking of the whole heap. A table of one array did that at each doubling from 1 MB to 32 MB, in every replay of a
 * million rows (the replay benchmark's GC logs).
 */
final class SeenIds {
    private static final long EMPTY = 0;
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS; // longs: 512 KB
    private static final int CHUNK_MASK = CHUNK - 1;
    private long[][] chunks = {new long[CHUNK]};
    /** Slots in all: chunks × CHUNK, a power of two. */
    private int capacity = CHUNK;
    private int size;
    /** Keeps the look-ahead reads of {@link #addAll} from being optimised away. */
    private long touched;

    /** @return true when the id was not seen before */
    boolean add(String id) {
        long h = hash(id);
        if (size * 2 >= capacity) {
            grow();
        }
        if (!insert(chunks, capacity - 1, h)) {
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
        while ((size + n) * 2 >= capacity) {
            grow();
        }
        long[][] table = chunks;
        int mask = capacity - 1;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            int at = slot(h[i], mask);
            sum += table[at >>> CHUNK_BITS][at & CHUNK_MASK];
        }
        touched += sum;
        boolean[] fresh = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (insert(table, mask, h[i])) {
                size++;
                fresh[i] = true;
            }
        }
        return fresh;
    }

    private static int slot(long h, int mask) {
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static boolean insert(long[][] table, int mask, long h) {
        int i = slot(h, mask);
        while (true) {
            long[] chunk = table[i >>> CHUNK_BITS];
            long at = chunk[i & CHUNK_MASK];
            if (at == EMPTY) {
                chunk[i & CHUNK_MASK] = h;
                return true;
            }
            if (at == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[][] old = chunks;
        long[][] table = new long[old.length * 2][];
        for (int c = 0; c < table.length; c++) {
            table[c] = new long[CHUNK];
        }
        int mask = table.length * CHUNK - 1;
        for (long[] chunk : old) {
            for (long h : chunk) {
                if (h != EMPTY) {
                    insert(table, mask, h);
                }
            }
        }
        chunks = table;
        capacity = table.length * CHUNK;
    }

    /**
     * FNV-1a over the UTF-16 units taken two at a time (half the chain of multiplications, which was a twentieth of the
     * replay's reading thread), the length mixed in, then a finalising mix; never {@link #EMPTY}.
     */
    private static long hash(String id) {
        int n = id.length();
        long h = 0xcbf29ce484222325L ^ n;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            h ^= id.charAt(i) | (long) id.charAt(i + 1) << 16;
            h *= 0x100000001b3L;
        }
        if (i < n) {
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
