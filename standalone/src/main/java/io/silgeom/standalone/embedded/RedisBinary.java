package io.silgeom.standalone.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a {@code redis-server} executable: the one on {@code PATH} (Debian's 7.0), else the 6.2 binary shipped
 * inside {@code com.github.codemonstur:embedded-redis}, extracted once to a directory of ours and made executable.
 */
final class RedisBinary {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBinary.class);
    static final String NAME = "redis-server";
    /** What every Redis executable's file name starts with: PATH's (possibly a symlink to redis-check-rdb), bundled. */
    static final String EXECUTABLE_PREFIX = "redis-";

    private RedisBinary() {
    }

    /** The executable to run; {@code extractDir} receives the bundled binary when none is on {@code PATH}. */
    static Path locate(Path extractDir) throws IOException {
        Optional<Path> onPath = findOnPath(System.getenv("PATH"));
        if (onPath.isPresent()) {
            return onPath.get();
        }
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        String resource = bundledResource(os, arch).orElseThrow(() -> new IOException(
                NAME + " not found on PATH and embedded-redis ships no binary for " + os + "/" + arch
                        + ": install redis-server (e.g. apt-get install -y redis-server)"));
        return extract(resource, extractDir);
    }

    static Optional<Path> findOnPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, NAME);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The name of the binary inside the embedded-redis 1.4.4 jar for this platform, if it ships one. */
    static Optional<String> bundledResource(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) {
            if (x64) {
                return Optional.of("redis-server-6.2.6-v5-linux-amd64");
            }
            if (arm64) {
                return Optional.of("redis-server-6.2.7-linux-arm64");
            }
            if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
                return Optional.of("redis-server-6.2.7-linux-386");
            }
        } else if (os.contains("mac")) {
            if (x64) {
                return Optional.of("redis-server-6.2.6-v5-darwin-amd64");
            }
            if (arm64) {
                return Optional.of("redis-server-6.2.6-v5-darwin-arm64");
            }
        }
        return Optional.empty();
    }

    private static Path extract(String resource, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = RedisBinary.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IOException(NAME + " not found on PATH and /" + resource
                        + " is not on the classpath (embedded-redis jar missing?)");
            }
            // Copy under a temporary name first: a crash mid-copy must not leave a truncated "executable".
            Path partial = Files.createTempFile(dir, resource, ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            if (!partial.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + partial + " executable");
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.info("redis-server not on PATH: using the bundled binary: {}", target);
        return target;
    }
}
