package io.silgeom.standalone.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pid of a child process, written beside its data, so that the next start can stop a child orphaned by a
 * SIGKILLed parent: a child process does not die with the JVM, and an orphaned redis-server keeps its port and its
 * append-only file.
 */
final class PidFile {
    private static final Logger LOG = LoggerFactory.getLogger(PidFile.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final Path file;
    private final String executablePrefix;

    /**
     * @param executablePrefix only a process whose executable's file name starts with this is ever stopped. NOTE:
     *                         the kernel reports the resolved executable: Debian's {@code /usr/bin/redis-server} is
     *                         a symlink to the multi-call binary {@code redis-check-rdb}, hence a prefix, not a name
     */
    PidFile(Path file, String executablePrefix) {
        this.file = file;
        this.executablePrefix = executablePrefix;
    }

    Path path() {
        return file;
    }

    /**
     * Stops the process named in the file if it is still alive and still runs an executable with our prefix, then
     * removes the file. NOTE: the check matters: after a reboot the pid may belong to an unrelated process.
     *
     * @return the pid that was stopped, if any
     */
    Optional<Long> stopStale() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Optional<Long> pid = read();
        Optional<ProcessHandle> stale = pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
                .filter(this::isOurKind);
        if (stale.isPresent()) {
            ProcessHandle process = stale.get();
            LOG.warn("stale process from an earlier run: pid: {}, command: {}, pidfile: {}; stopping it", process.pid(),
                    process.info().command().orElse("?"), file);
            stop(process);
        } else {
            LOG.debug("pidfile {} names no live {}* process (pid: {}); removing it", file, executablePrefix,
                    pid.orElse(null));
        }
        Files.deleteIfExists(file);
        return stale.map(ProcessHandle::pid);
    }

    void write(long pid) throws IOException {
        Files.writeString(file, pid + "\n", StandardCharsets.UTF_8);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    private Optional<Long> read() throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            LOG.warn("pidfile {} does not hold a pid: {}", file, text);
            return Optional.empty();
        }
    }

    private boolean isOurKind(ProcessHandle process) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString().startsWith(executablePrefix))
                .orElse(false);
    }

    private static void stop(ProcessHandle process) throws IOException {
        process.destroy();
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            awaitExit(process);
        } catch (ExecutionException e) {
            throw new IOException("cannot wait for stale pid " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping stale pid " + process.pid(), e);
        }
    }

    private static void awaitExit(ProcessHandle process) throws IOException {
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new IOException("stale pid " + process.pid() + " survived SIGKILL", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping stale pid " + process.pid(), e);
        }
    }
}
