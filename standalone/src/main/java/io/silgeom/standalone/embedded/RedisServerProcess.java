package io.silgeom.standalone.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code redis-server} child process on {@code 127.0.0.1}: no RDB snapshots, an append-only file in the given
 * directory (so the views survive a restart of the demo), its log in {@code redis.log}, its pid in
 * {@code redis.pid}.
 *
 * <p>A redis-server left behind by a SIGKILLed earlier run with the same directory is stopped at start (see
 * {@link PidFile}). {@link #close()} sends SIGTERM, which makes Redis flush the append-only file, waits up to
 * {@value #STOP_TIMEOUT_SECONDS} s, then kills it.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisServerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final long STOP_TIMEOUT_SECONDS = 5;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);
    static final String PID_FILE = "redis.pid";
    static final String LOG_FILE = "redis.log";

    private final Process process;
    private final int port;
    private final PidFile pidFile;
    private boolean closed;

    private RedisServerProcess(Process process, int port, PidFile pidFile) {
        this.process = process;
        this.port = port;
        this.pidFile = pidFile;
    }

    /**
     * Starts redis-server and returns once it answers {@code PING}.
     *
     * @param port 127.0.0.1 port, or 0 for any free port
     * @param dir  data directory: append-only file, log, pidfile; a bundled binary is extracted to {@code dir/bin}
     * @throws IOException if no binary is found, the port is taken, or Redis does not answer in time
     */
    public static RedisServerProcess start(int port, Path dir) throws IOException {
        Path absoluteDir = dir.toAbsolutePath();
        Files.createDirectories(absoluteDir);
        PidFile pidFile = new PidFile(absoluteDir.resolve(PID_FILE), RedisBinary.EXECUTABLE_PREFIX);
        // Before choosing the port: the stale server may hold the very port asked for.
        pidFile.stopStale();
        int redisPort = LocalPorts.resolve(port, "redis");
        Path binary = RedisBinary.locate(absoluteDir.resolve("bin"));

        Path logFile = absoluteDir.resolve(LOG_FILE);
        Process process = new ProcessBuilder(command(binary, redisPort, absoluteDir))
                .directory(absoluteDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .start();
        RedisServerProcess redis = new RedisServerProcess(process, redisPort, pidFile);
        try {
            pidFile.write(process.pid());
            redis.awaitPong(logFile);
        } catch (IOException | RuntimeException e) {
            redis.close();
            throw e;
        }
        LOG.info("redis-server started: {}:{}, pid: {}, binary: {}, dir: {}",
                LocalPorts.LOOPBACK, redisPort, process.pid(), binary, absoluteDir);
        return redis;
    }

    private static List<String> command(Path binary, int port, Path dir) {
        List<String> cmd = new ArrayList<>();
        // NOTE: in a session of its own, Ctrl-C in the terminal (SIGINT to the whole foreground process group) does
        // not kill Redis before the services that still flush into it; the stack stops it last, in order.
        setsid().ifPresent(s -> cmd.add(s.toString()));
        cmd.addAll(List.of(binary.toString(),
                "--port", String.valueOf(port),
                "--bind", LocalPorts.LOOPBACK,
                "--save", "",
                "--appendonly", "yes",
                "--dir", dir.toString()));
        return cmd;
    }

    private static Optional<Path> setsid() {
        return Optional.of(Path.of("/usr/bin/setsid")).filter(Files::isExecutable)
                .or(() -> Optional.of(Path.of("/bin/setsid")).filter(Files::isExecutable));
    }

    public String host() {
        return LocalPorts.LOOPBACK;
    }

    public int port() {
        return port;
    }

    /** The redis-server process id (the same process setsid became). */
    public long pid() {
        return process.pid();
    }

    /** Stops Redis: SIGTERM, up to 5 s for it to flush and exit, then SIGKILL. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("redis-server pid {} ignored SIGTERM for {} s; killing it", process.pid(), STOP_TIMEOUT_SECONDS);
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        pidFile.delete();
        if (process.isAlive()) {
            throw new IOException("redis-server pid " + process.pid() + " is still running after SIGKILL");
        }
        LOG.info("redis-server stopped: port: {}, pid: {}", port, process.pid());
    }

    private void awaitPong(Path logFile) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " before listening on "
                        + LocalPorts.LOOPBACK + ":" + port + ": " + lastLine(logFile));
            }
            // PING, not just connect: something else may be listening on the port (Redis itself then exits).
            if (answersPing()) {
                return;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for redis-server on port " + port, e);
            }
        }
        throw new IOException("redis-server did not answer PING on " + LocalPorts.LOOPBACK + ":" + port
                + " within " + START_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LocalPorts.LOOPBACK, port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[64];
            int n = in.read(reply);
            // While it loads the append-only file Redis answers "-LOADING": not ready yet.
            return n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static String lastLine(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).trim();
                }
            }
            return "(empty log " + logFile + ")";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }
}
