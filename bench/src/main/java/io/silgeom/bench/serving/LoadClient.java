package io.silgeom.bench.serving;

import java.net.URI;
import java.time.Duration;

/** Sends GETs back to back to one URL for a while, over keep-alive connections, and measures the answers. */
public interface LoadClient {

    /**
     * Warms up for {@code warmUp}, then measures for {@code duration}.
     *
     * @throws IllegalStateException when a request is not answered 200
     */
    LoadResult run(URI uri, Duration warmUp, Duration duration) throws Exception;

    /** One line for the Run table: which client, how many connections, where it runs. */
    String describe();
}
