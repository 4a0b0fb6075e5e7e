package io.silgeom.serving.merge;

import java.util.List;
import java.util.Objects;

/**
 * One bucket a query reads (an hour or a minute of one slice), and what is known about it before reading it.
 *
 * @param keys           the count hashes whose sum is the bucket: the batch view's one hash of the slice
 *                       ({@code RedisKeys.batchHour}), or the speed view's hashes of the leaves the slice covers
 *                       ({@code RedisKeys.speedHour/speedMinute}; none when the speed view has written no such leaf)
 * @param bucketId       hour id {@code yyyyMMddHH} or minute id {@code yyyyMMddHHmm}
 * @param kind           batch hour, speed hour or speed minute
 * @param mayHaveExpired the bucket is older than the speed view keeps buckets: an empty answer would not mean zero
 */
record BucketRef(List<String> keys, String bucketId, BucketKind kind, boolean mayHaveExpired) {
    BucketRef {
        keys = List.copyOf(keys);
        Objects.requireNonNull(bucketId, "bucketId");
        Objects.requireNonNull(kind, "kind");
    }
}
