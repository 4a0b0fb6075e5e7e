package io.silgeom.bench.measure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ceiling a replay is held against: a plain kafka-clients producer, with the very configuration the publisher
 * uses, sending records already encoded and held in memory, in a tight loop. No file, no parsing, no mapping.
 */
public final class BareProducerLoop {
    private BareProducerLoop() {
    }

    /** What one pass did. */
    public record Pass(long records, Duration elapsed, long failed, String lastError) {
        public double recordsPerSecond() {
            return records / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    /**
     * Sends {@code values[i]} under {@code keys[i]} to {@code topic}, then flushes; the time includes the flush, so
     * every record is acknowledged when the clock stops.
     */
    public static Pass run(Map<String, Object> producerConfig, String topic, List<String> keys, List<byte[]> values) {
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> lastError = new AtomicReference<>();
        long start;
        long end;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            start = System.nanoTime();
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), keys.get(i), values.get(i)),
                        (metadata, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                                lastError.set(e.toString());
                            }
                        });
            }
            producer.flush();
            end = System.nanoTime();
        }
        return new Pass(values.size(), Duration.ofNanos(end - start), failed.get(), lastError.get());
    }
}
