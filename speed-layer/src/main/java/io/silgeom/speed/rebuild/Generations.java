package io.silgeom.speed.rebuild;

import io.silgeom.core.redis.RedisKeys;
import java.util.function.Predicate;

/** Names a new speed-view generation. */
public final class Generations {
    private Generations() {
    }

    /**
     * A fresh generation token: the current time in epoch milliseconds (sortable, no ':'), moved on while it equals
     * the current generation or names a generation that already has keys ({@code inUse}).
     */
    public static String next(String current, long nowMillis, Predicate<String> inUse) {
        long candidate = nowMillis;
        while (String.valueOf(candidate).equals(current) || inUse.test(String.valueOf(candidate))) {
            candidate++;
        }
        String generation = String.valueOf(candidate);
        RedisKeys.speedOffsets(generation);   // checks it is a valid token
        return generation;
    }
}
