package io.silgeom.core.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} child process for tests (from PATH; Debian: {@code apt-get install redis-server},
 * which {@code .ci/run} does). A missing binary fails the test with a message naming it, never a silent pass.
 *
 * <pre>
 * try (RedisServerForTests redis = RedisServerForTests.start(tempDir)) {
 *     RedisClient client = RedisClient.create("127.0.0.1", redis.port()); ...
 * }
 * </pre>
 */
public final class RedisServerForTests implements AutoCloseable {
    private final Process process;
    private final int port;

    private RedisServerForTests(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static RedisServerForTests start(Path dir) throws IOException {
        String binary = findOnPath("redis-server");
        if (binary == null) {
            throw new IllegalStateException("redis-server not found on PATH: install it (apt-get install -y redis-server) or run bash .ci/run");
        }
        Files.createDirectories(dir);
        int port = freePort();
        Process p = new ProcessBuilder(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--dir", dir.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        RedisServerForTests server = new RedisServerForTests(p, port);
        server.awaitListening(Duration.ofSeconds(10));
        return server;
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** Stops the server (SIGTERM, then SIGKILL after 5 s). Idempotent. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " before listening on " + port);
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for redis-server", e);
                }
            }
        }
        close();
        throw new IOException("redis-server did not listen on port " + port + " within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
