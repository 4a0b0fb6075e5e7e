package io.silgeom.speed.apply;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * {@code apply.lua} in Redis: loaded once with SCRIPT LOAD, called by its SHA with EVALSHA, and loaded
 * again when Redis answers NOSCRIPT (a Redis restart or SCRIPT FLUSH empties its script cache).
 */
final class ApplyScript {
    private static final Logger LOG = LoggerFactory.getLogger(ApplyScript.class);
    static final String RESOURCE = "apply.lua";

    private final UnifiedJedis redis;
    private final String source;
    private volatile String sha;

    private ApplyScript(UnifiedJedis redis, String source) {
        this.redis = redis;
        this.source = source;
        this.sha = redis.scriptLoad(source);
    }

    static ApplyScript load(UnifiedJedis redis) {
        return new ApplyScript(Objects.requireNonNull(redis, "redis"), readSource());
    }

    /**
     * Runs the call and returns what it did.
     *
     * @throws Refused if the script refused the call (nothing was written): read the state again and rebuild it
     */
    ApplyResult run(ApplyCall call) {
        Object reply;
        try {
            reply = redis.evalsha(sha, call.keys(), call.args());
        } catch (JedisNoScriptException e) {
            LOG.info("apply script: missing from Redis's script cache (restart or SCRIPT FLUSH), loading it again");
            sha = redis.scriptLoad(source);
            // NOTE: safe to send again: NOSCRIPT means the script did not run, so nothing of this call was applied.
            reply = redis.evalsha(sha, call.keys(), call.args());
        }
        return parse(reply, call);
    }

    /** Queues the call on a pipeline; its reply is read with {@link #parse} once the pipeline is synced. */
    Response<Object> send(AbstractPipeline pipeline, ApplyCall call) {
        return pipeline.evalsha(sha, call.keys(), call.args());
    }

    /**
     * What the call did, from the script's reply.
     *
     * @throws Refused if the script refused the call (nothing was written)
     */
    static ApplyResult parse(Object reply, ApplyCall call) {
        if (!(reply instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalStateException("apply script: unexpected reply " + reply);
        }
        String status = text(list.get(0));
        return switch (status) {
            case "skipped" -> ApplyResult.SKIPPED;
            case "applied" -> call.expected();
            case "refused" -> throw new Refused(list.size() > 1 ? text(list.get(1)) : "no reason given");
            default -> throw new IllegalStateException("apply script: unexpected status " + status);
        };
    }

    /** The script wrote nothing because something the call was built on has changed in Redis since it was read. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }

    private static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("apply script: expected an integer, got " + o);
    }

    private static String readSource() {
        try (InputStream in = ApplyScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("apply script: resource " + RESOURCE + " missing next to "
                        + ApplyScript.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("apply script: cannot read " + RESOURCE, e);
        }
    }
}
