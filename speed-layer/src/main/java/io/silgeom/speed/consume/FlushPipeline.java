package io.silgeom.speed.consume;

import io.silgeom.speed.apply.PartitionBatch;
import io.silgeom.speed.apply.PreparedApplies;
import io.silgeom.speed.apply.SentApplies;
import io.silgeom.speed.apply.SpeedViewWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speed layer's background flushes ({@code speed.apply.background}), oldest first, at most {@link #MAX_IN_FLIGHT}:
 * Redis runs one while the next one's calls are built.
 *
 * <p>A flush goes through two helper threads. The build thread reads what its batches depend on and builds their calls,
 * counting on the flush before it, if any, as applied ({@link SpeedViewWriter#prepare}). The settle thread sends them
 * once that flush is settled, and only if every one of its batches was applied ({@link PreparedApplies#send} refuses
 * otherwise: a call built on a predecessor's offset and applied on a fresh read would move the offset past the
 * predecessor's records), then waits for Redis's answers. So the applies of a partition run one after another, in
 * offset order, each from the offset the one before left.
 *
 * <p>{@link #settleOldest} hands the outcome back to the consumer thread, which owns the Kafka consumer: the offsets to
 * commit, and, when a batch was not applied, per partition its first unapplied batch, where reading resumes. Everything
 * Kafka-side (commits, seeks, dropping what was buffered after) stays with {@link SpeedLayer}. Only the consumer thread
 * calls this class.
 */
final class FlushPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlushPipeline.class);
    /** One flush whose calls Redis runs while the next one's are built. */
    static final int MAX_IN_FLIGHT = 2;

    /** Reads what a flush's calls depend on and builds them, while the previous flush runs in Redis. */
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> daemon(r, "silgeom-speed-build"));
    /** Sends each flush's calls once the previous flush is settled, and waits for Redis's answers. */
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> daemon(r, "silgeom-speed-settle"));
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final SpeedMetrics metrics;

    FlushPipeline(SpeedMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * What settling a flush found.
     *
     * @param applied the offset to commit (last applied + 1) per partition that had a batch applied; after a cascade
     *                such a partition may also be in {@code failed}, with a batch of a later flush
     * @param failed  per partition, its first batch not applied: the partition is read again from its first offset
     * @param failure the first failure, or null when {@code failed} is empty
     */
    record Settlement(Map<TopicPartition, OffsetAndMetadata> applied, Map<TopicPartition, PartitionBatch> failed,
                      Throwable failure) {
    }

    boolean isEmpty() {
        return inFlight.isEmpty();
    }

    boolean isFull() {
        return inFlight.size() >= MAX_IN_FLIGHT;
    }

    /** True if the oldest flush's answers are all in: settling it will not wait. */
    boolean oldestIsDone() {
        return !inFlight.isEmpty() && inFlight.peekFirst().settled().isDone();
    }

    /**
     * Starts a flush of {@code batches} (at most one per partition) into {@code target} behind the flushes in flight.
     *
     * @throws IllegalStateException when {@link #MAX_IN_FLIGHT} are in flight: settle the oldest first
     */
    void submit(SpeedViewWriter target, Map<TopicPartition, PartitionBatch> batches) {
        if (isFull()) {
            throw new IllegalStateException(inFlight.size() + " flushes in flight already; settle the oldest first");
        }
        List<PartitionBatch> sending = List.copyOf(batches.values());
        InFlight previous = inFlight.peekLast();   // null, or a flush of the same writer: a switch awaits all
        Future<PreparedApplies> prepared = builder.submit(
                () -> target.prepare(sending, previous == null ? null : previous.prepared().get()));
        Future<Answers> settled = applier.submit(() -> {
            try {
                // The flush before, if any, was settled before this task on this thread; send() refuses to send
                // calls that counted on it unless it applied every batch.
                PreparedApplies calls = prepared.get();
                long sentAt = System.nanoTime();
                List<SentApplies.Outcome> outcomes = calls.send().settle();
                return new Answers(outcomes, Duration.ofNanos(System.nanoTime() - sentAt));
            } catch (ExecutionException e) {
                return failedWhole(sending, e.getCause() instanceof RuntimeException re ? re
                        : new IllegalStateException(e.getCause()));
            } catch (RuntimeException e) {
                return failedWhole(sending, e);
            }
        });
        inFlight.addLast(new InFlight(new LinkedHashMap<>(batches), prepared, settled));
    }

    /**
     * Waits for the oldest flush in flight and settles it. If it did not apply every batch, the later flushes fail too
     * (they are not sent: they counted on it) and are settled with it, so the settlement covers every flush in flight.
     *
     * @return null when no flush is in flight
     */
    Settlement settleOldest() {
        InFlight flush = inFlight.pollFirst();
        if (flush == null) {
            return null;
        }
        Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
        Map<TopicPartition, PartitionBatch> failed = new LinkedHashMap<>();
        Throwable failure = settle(flush, applied, failed);
        while (!failed.isEmpty() && !inFlight.isEmpty()) {
            Throwable later = settle(inFlight.pollFirst(), applied, failed);
            failure = failure == null ? later : failure;
        }
        return new Settlement(applied, failed, failure);
    }

    /** Stops the helper threads; what they were doing is abandoned (Redis skips what it holds when read again). */
    @Override
    public void close() {
        builder.shutdownNow();
        applier.shutdownNow();
    }

    /**
     * Waits for one flush's answers: the applied offsets go into {@code applied}, the first unapplied batch of each
     * partition into {@code failed} (an earlier one there is kept).
     *
     * @return the first failure, or null
     */
    private Throwable settle(InFlight flush, Map<TopicPartition, OffsetAndMetadata> applied,
                             Map<TopicPartition, PartitionBatch> failed) {
        Answers answers;
        try {
            answers = flush.settled().get();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            // NOTE: the applies may still complete; reading the batches again is safe (Redis skips what it holds).
            answers = failedWhole(List.copyOf(flush.batches().values()),
                    new IllegalStateException("interrupted while waiting for Redis", ie));
        } catch (ExecutionException ee) {
            answers = failedWhole(List.copyOf(flush.batches().values()),
                    ee.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ee.getCause()));
        }
        Throwable failure = null;
        for (SentApplies.Outcome o : answers.outcomes()) {
            TopicPartition tp = new TopicPartition(o.batch().topic(), o.batch().partition());
            if (o.failure() == null && !failed.containsKey(tp)) {
                metrics.recordApply(o.result(), answers.took());
                applied.put(tp, new OffsetAndMetadata(o.batch().lastOffset() + 1));
            } else if (o.failure() != null) {
                failed.putIfAbsent(tp, o.batch());
                failure = failure == null ? o.failure() : failure;
            } else {
                // NOTE: cannot happen (a flush after a failed one is not sent); were it applied, reading it again is safe.
                LOG.warn("speed layer: {} applied after an earlier batch of it failed; reading it again", tp);
            }
        }
        return failure;
    }

    private static Answers failedWhole(List<PartitionBatch> batches, RuntimeException cause) {
        List<SentApplies.Outcome> failed = new ArrayList<>(batches.size());
        batches.forEach(b -> failed.add(new SentApplies.Outcome(b, null, cause)));
        return new Answers(failed, Duration.ZERO);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Redis's answers to one flush, and how long they took from the send: not the wait for the flush before. */
    private record Answers(List<SentApplies.Outcome> outcomes, Duration took) {
    }

    private record InFlight(Map<TopicPartition, PartitionBatch> batches, Future<PreparedApplies> prepared,
                            Future<Answers> settled) {
    }
}
