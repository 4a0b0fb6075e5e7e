package io.silgeom.bench.serving;

import io.silgeom.bench.measure.DelayDistribution;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The fallback client when wrk is not installed: {@code clients} threads of {@code java.net.http} in the benchmark's
 * own JVM, so client and server share the JVM and the cores, and the figures are the client's ceiling rather than the
 * server's (about 7,000 req/s on the 2-core machine for a static resource).
 */
public final class JavaHttpLoad implements LoadClient {
    private final int clients;

    public JavaHttpLoad(int clients) {
        this.clients = clients;
    }

    @Override
    public String describe() {
        return clients + " client threads, java.net.http keep-alive, same JVM as the server (wrk not found)";
    }

    @Override
    public LoadResult run(URI uri, Map<String, String> headers, Duration warmUp, Duration duration)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        send(http, request, warmUp);
        long start = System.nanoTime();
        List<long[]> perThread = send(http, request, duration);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
        DelayDistribution latency = DelayDistribution.of(all);
        return new LoadResult(all.length, all.length / seconds, latency.p50(), latency.p99());
    }

    private List<long[]> send(HttpClient http, HttpRequest request, Duration duration) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long end = System.nanoTime() + duration.toNanos();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - t0;
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = took;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
