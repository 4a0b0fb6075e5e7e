package io.silgeom.bench.serving;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Sends GETs back to back to one URL for a while, over keep-alive connections, and measures the answers. */
public interface LoadClient {

    /**
     * Warms up for {@code warmUp}, then measures for {@code duration}.
     *
     * @throws IllegalStateException when a request is not answered 200
     */
    default LoadResult run(URI uri, Duration warmUp, Duration duration) throws Exception {
        return run(uri, Map.of(), warmUp, duration);
    }

    /**
     * The same with {@code headers} on every request (e.g. {@code Accept-Encoding: gzip}, as browsers send it).
     *
     * @throws IllegalStateException when a request is not answered 200
     */
    LoadResult run(URI uri, Map<String, String> headers, Duration warmUp, Duration duration) throws Exception;

    /** One line for the Run table: which client, how many connections, where it runs. */
    String describe();
}
