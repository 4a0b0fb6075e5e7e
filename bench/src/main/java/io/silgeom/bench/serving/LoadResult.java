package io.silgeom.bench.serving;

import java.time.Duration;

/** What one load run against one URL measured: requests answered per second and the latency percentiles. */
public record LoadResult(long requests, double perSecond, Duration p50, Duration p99) {

    /** "12,345 req/s, p50 1.23 ms, p99 4.56 ms". */
    public String summary() {
        return String.format(java.util.Locale.ROOT, "%,.0f req/s, p50 %.2f ms, p99 %.2f ms", perSecond,
                p50.toNanos() / 1e6, p99.toNanos() / 1e6);
    }
}
