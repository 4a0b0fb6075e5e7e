package io.silgeom.speed.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Applies {@link SpeedViewWriter#send sent} to Redis on one pipeline and not yet answered. {@link #settle()} waits for
 * the answers; it may run on another thread than the one that sent them (it is the only thing that touches the
 * pipeline afterwards), and must run exactly once.
 */
public final class SentApplies {
    private static final Logger LOG = LoggerFactory.getLogger(SentApplies.class);

    private final SpeedViewWriter writer;
    private final PreparedApplies prepared;
    private final AbstractPipeline pipeline;
    private final List<Sent> sent;

    SentApplies(SpeedViewWriter writer, PreparedApplies prepared, AbstractPipeline pipeline, List<Sent> sent) {
        this.writer = writer;
        this.prepared = prepared;
        this.pipeline = pipeline;
        this.sent = List.copyOf(sent);
    }

    /** One batch's call, queued on the pipeline. */
    record Sent(PartitionBatch batch, ApplyCall call, Response<Object> reply) {
    }

    /**
     * What became of one batch: its result, or the failure that left it unapplied (read it again).
     *
     * @param result  null if it failed
     * @param failure null if it was applied or skipped
     */
    public record Outcome(PartitionBatch batch, ApplyResult result, RuntimeException failure) {
        public Outcome {
            Objects.requireNonNull(batch, "batch");
            if ((result == null) == (failure == null)) {
                throw new IllegalArgumentException("an outcome is a result or a failure");
            }
        }
    }

    /**
     * Waits for Redis's answers, in sending order. A call the script refused (something it counted on changed: an
     * earlier call of the same send was refused, or another writer came in between), or one that failed in Redis
     * (NOSCRIPT after a restart, say), is applied again now with a fresh read. A later call that counted on a refused
     * one's claims was refused by its own checks and is applied again after it; one that did not, stands.
     */
    public List<Outcome> settle() {
        List<Outcome> outcomes = new ArrayList<>(sent.size());
        try {
            RuntimeException connectionFailure = null;
            try {
                pipeline.sync();
            } catch (RuntimeException e) {
                connectionFailure = e;   // the connection broke: no answer can be trusted, every batch goes again
            }
            for (Sent s : sent) {
                if (connectionFailure != null) {
                    outcomes.add(new Outcome(s.batch(), null, connectionFailure));
                    continue;
                }
                ApplyResult result = null;
                try {
                    result = ApplyScript.parse(s.reply().get(), s.call());
                } catch (ApplyScript.Refused refused) {
                    LOG.info("speed view: {}:{} apply refused ({}), applying it again", s.batch().topic(),
                            s.batch().partition(), refused.getMessage());
                } catch (RuntimeException e) {
                    if (e instanceof JedisNoScriptException) {
                        LOG.info("speed view: {}:{} apply script not loaded (a Redis restart), applying it again",
                                s.batch().topic(), s.batch().partition());
                    } else if (String.valueOf(e.getMessage()).startsWith("OOM")) {
                        // Refused at the script's first write: nothing of it was written (docs/speed-layer.md).
                        LOG.info("speed view: {}:{} apply refused, Redis is out of memory (nothing written): {}",
                                s.batch().topic(), s.batch().partition(), e.getMessage());
                    } else {
                        // Redis does not roll back a script that fails after its first write (docs/speed-layer.md).
                        LOG.warn("speed view: {}:{} apply failed inside Redis ({}), applying it again; if it had "
                                + "written before failing (a speed key holding data the script did not write), its "
                                + "articles now read as counted: rebuild the speed view", s.batch().topic(),
                                s.batch().partition(), e.toString());
                    }
                }
                if (result == null) {
                    try {
                        result = writer.apply(s.batch());
                    } catch (RuntimeException e) {
                        outcomes.add(new Outcome(s.batch(), null, e));
                        continue;
                    }
                }
                outcomes.add(new Outcome(s.batch(), result, null));
            }
            return outcomes;
        } finally {
            prepared.settled(outcomes.size() == sent.size() && outcomes.stream().allMatch(o -> o.failure() == null));
            try {
                pipeline.close();
            } catch (RuntimeException e) {
                // The answers, if any, were read: what they say stands. A broken connection is not returned to the pool.
                LOG.info("speed view: closing the apply pipeline failed: {}", e.toString());
            }
        }
    }
}
