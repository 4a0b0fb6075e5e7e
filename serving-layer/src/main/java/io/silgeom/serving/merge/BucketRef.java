package io.silgeom.serving.merge;

import java.util.Objects;

/**
 * One count hash a query reads, and what is known about it before reading it.
 *
 * @param key            the Redis key ({@code RedisKeys.batchHour/speedHour/speedMinute})
 * @param bucketId       hour id {@code yyyyMMddHH} or minute id {@code yyyyMMddHHmm}
 * @param kind           batch hour, speed hour or speed minute
 * @param mayHaveExpired the bucket is older than the speed view keeps buckets: an empty answer would not mean zero
 */
record BucketRef(String key, String bucketId, BucketKind kind, boolean mayHaveExpired) {
    BucketRef {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(bucketId, "bucketId");
        Objects.requireNonNull(kind, "kind");
    }
}
