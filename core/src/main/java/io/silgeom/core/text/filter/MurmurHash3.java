package io.silgeom.core.text.filter;

/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain) over UTF-16 code units, two per 32-bit block. The feature
 * indices of a model file depend on this exact function: changing it invalidates every trained model.
 */
final class MurmurHash3 {
    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private MurmurHash3() {
    }

    /** Hash of {@code s[from, to)}. */
    static int hash(CharSequence s, int from, int to, int seed) {
        int h = seed;
        int i = from;
        for (; i + 1 < to; i += 2) {
            h = mixH(h, mixK(s.charAt(i) | (s.charAt(i + 1) << 16)));
        }
        if (i < to) {
            h ^= mixK(s.charAt(i));
        }
        return fmix(h ^ ((to - from) * 2));
    }

    /** Hash of two 32-bit values (a word bigram from its two word hashes). */
    static int hash(int a, int b, int seed) {
        return fmix(mixH(mixH(seed, mixK(a)), mixK(b)) ^ 8);
    }

    /** MurmurHash3's 64-bit finalizer (fmix64): a full avalanche of one long. */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }
}
