package io.silgeom.bench.serving;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (a native HTTP load generator, Debian package {@code wrk}) in a separate process: the client no longer shares
 * the server's JVM, and costs far less CPU per request than {@code java.net.http}, so on a small machine the figures
 * are much closer to the server's own. Keep-alive, HTTP/1.1, no {@code If-None-Match} (every answer a full 200
 * body), no {@code Accept-Encoding} (no gzip) unless the caller adds it to the headers.
 *
 * <p>NOTE: wrk measures latency from the moment it sends on a connection (closed loop), so p99 is the latency at the
 * throughput it reaches, not at a fixed offered rate.
 */
public final class WrkLoad implements LoadClient {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:.*");

    private final Path executable;
    private final int threads;
    private final int connections;

    public WrkLoad(Path executable, int threads, int connections) {
        this.executable = executable;
        this.threads = threads;
        this.connections = connections;
    }

    /** wrk on the PATH, if installed. */
    public static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "wrk " + threads + " thread(s), " + connections + " keep-alive connections, a separate process";
    }

    @Override
    public LoadResult run(URI uri, Map<String, String> headers, Duration warmUp, Duration duration)
            throws Exception {
        wrk(uri, headers, warmUp);
        return parse(wrk(uri, headers, duration), uri);
    }

    private String wrk(URI uri, Map<String, String> headers, Duration duration)
            throws IOException, InterruptedException {
        long seconds = Math.max(1, duration.toSeconds());
        List<String> command = new ArrayList<>(List.of(executable.toString(), "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--latency"));
        headers.forEach((name, value) -> command.addAll(List.of("-H", name + ": " + value)));
        command.add(uri.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(seconds + 30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not finish:\n" + out);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("wrk exited with " + process.exitValue() + ":\n" + out);
        }
        return out;
    }

    static LoadResult parse(String out, URI uri) {
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            throw new IllegalStateException(uri + ": " + non2xx.group(1) + " answers were not 2xx/3xx:\n" + out);
        }
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (errors.find()) {
            throw new IllegalStateException(uri + ": " + errors.group() + "\n" + out);
        }
        return new LoadResult(Long.parseLong(find(TOTAL, out)), Double.parseDouble(find(RATE, out)),
                percentile(out, "50%"), percentile(out, "99%"));
    }

    private static Duration percentile(String out, String label) {
        Matcher m = Pattern.compile("^\\s*" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
                .matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no " + label + " latency in wrk's output:\n" + out);
        }
        double value = Double.parseDouble(m.group(1));
        double nanos = switch (m.group(2)) {
            case "us" -> value * 1e3;
            case "ms" -> value * 1e6;
            case "s" -> value * 1e9;
            default -> value * 60e9;
        };
        return Duration.ofNanos((long) nanos);
    }

    private static String find(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk's output has no " + p.pattern() + ":\n" + out);
        }
        return m.group(1);
    }
}
