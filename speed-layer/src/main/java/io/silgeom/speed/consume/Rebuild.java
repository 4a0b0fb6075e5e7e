package io.silgeom.speed.consume;

import io.silgeom.speed.apply.PartitionBatch;
import io.silgeom.speed.apply.SpeedViewWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One speed-view rebuild in progress, owned by the speed layer's consumer thread: the new generation's writer, the
 * rebuild consumer (assigned every partition, no group) and what it read but has not applied yet.
 */
final class Rebuild {
    final String generation;
    final SpeedViewWriter writer;
    final Consumer<byte[], byte[]> consumer;
    final Set<TopicPartition> partitions;
    final CompletableFuture<String> done;
    final Instant startedAt;
    final Map<TopicPartition, PartitionBatch> batches = new LinkedHashMap<>();
    int buffered;
    long applied;
    long duplicates;
    long skippedRecords;

    Rebuild(String generation, SpeedViewWriter writer, Consumer<byte[], byte[]> consumer, Set<TopicPartition> partitions,
            CompletableFuture<String> done, Instant startedAt) {
        this.generation = generation;
        this.writer = writer;
        this.consumer = consumer;
        this.partitions = Set.copyOf(partitions);
        this.done = done;
        this.startedAt = startedAt;
    }
}
