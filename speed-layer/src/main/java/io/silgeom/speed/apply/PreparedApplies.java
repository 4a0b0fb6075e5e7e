package io.silgeom.speed.apply;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;

/**
 * The calls of one flush, built ({@link SpeedViewWriter#prepare}) and not yet sent. {@link #send()} queues them on one
 * pipeline, in order; it may run on another thread than the one that built them.
 */
public final class PreparedApplies {
    private final SpeedViewWriter writer;
    private final ApplyScript script;
    private final List<Built> calls;
    /** The flush these calls count on as applied, until {@link #send()}; null if none. */
    private PreparedApplies before;
    /** Null until settled; then whether every batch was applied or skipped. */
    private volatile Boolean allApplied;

    /** One batch and its call. */
    record Built(PartitionBatch batch, ApplyCall call) {
    }

    PreparedApplies(SpeedViewWriter writer, ApplyScript script, List<Built> calls, PreparedApplies before) {
        this.writer = writer;
        this.script = script;
        this.calls = List.copyOf(calls);
        this.before = before;
    }

    /** The batches, in the order their calls run. */
    public List<PartitionBatch> batches() {
        return calls.stream().map(Built::batch).toList();
    }

    List<Built> calls() {
        return calls;
    }

    /** The last offset of this flush's batch of a partition, or {@link PartitionBatch#NO_OFFSET} if it has none. */
    long lastOffset(String topic, int partition) {
        for (Built c : calls) {
            if (c.batch().partition() == partition && c.batch().topic().equals(topic)) {
                return c.batch().lastOffset();
            }
        }
        return PartitionBatch.NO_OFFSET;
    }

    /** Called once the answers are in. */
    void settled(boolean everyBatchApplied) {
        allApplied = everyBatchApplied;
    }

    /**
     * Queues every call on one pipeline and returns without waiting for the answers.
     *
     * @throws IllegalStateException if these calls were built on an earlier flush ({@link SpeedViewWriter#prepare})
     *                               that is not settled yet, or did not apply every batch: nothing is sent, and the
     *                               batches must be read again
     */
    public SentApplies send() {
        if (before != null) {
            Boolean earlier = before.allApplied;
            if (earlier == null) {
                throw new IllegalStateException("not sent: the flush these calls count on is not settled yet");
            }
            if (!earlier) {
                throw new IllegalStateException("not sent: the flush these calls count on did not apply every batch");
            }
            before = null;
        }
        AbstractPipeline pipeline = writer.pipelined();
        try {
            List<SentApplies.Sent> sent = new ArrayList<>(calls.size());
            for (Built c : calls) {
                sent.add(new SentApplies.Sent(c.batch(), c.call(), script.send(pipeline, c.call())));
            }
            return new SentApplies(writer, this, pipeline, sent);
        } catch (RuntimeException e) {
            pipeline.close();
            // Never sent, so never settled: a flush built on this one must be refused for this reason, not for
            // "not settled yet", which would hide the cause.
            settled(false);
            throw e;
        }
    }
}
