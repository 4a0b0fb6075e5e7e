package io.silgeom.bench.measure;

import redis.clients.jedis.UnifiedJedis;

/** Figure (d): Redis's own count of the memory it uses for data and overhead, {@code INFO memory used_memory}. */
public final class RedisMemory {
    private RedisMemory() {
    }

    /** {@code used_memory} in bytes. */
    public static long usedBytes(UnifiedJedis redis) {
        return field(redis.info("memory"), "used_memory");
    }

    static long field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO memory has no " + name + " field: " + info);
    }
}
