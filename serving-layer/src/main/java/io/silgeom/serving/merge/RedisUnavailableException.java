package io.silgeom.serving.merge;

/** Redis failed or did not answer in time; callers turn this into a degraded answer, never into a wrong number. */
public final class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(Throwable cause) {
        super("redis unavailable: " + cause.getMessage(), cause);
    }
}
