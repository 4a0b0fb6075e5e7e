package io.silgeom.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import redis.clients.jedis.RedisClient;

class RedisServerProcessIT {
    @Test
    void aRedisOrphanedByAKilledRunIsStoppedAndItsPortReused(@TempDir Path dir) throws Exception {
        // An earlier run was SIGKILLed: its redis-server still runs, holding the port, its pid in the pidfile.
        int port = LocalPorts.pickFree();
        Path binary = RedisBinary.locate(dir.resolve("bin"));
        Process orphan = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
        try {
            new PidFile(dir.resolve(RedisServerProcess.PID_FILE), RedisBinary.EXECUTABLE_PREFIX).write(orphan.pid());
            awaitPong(port);

            // Starting again on the same port and directory stops the orphan first.
            try (RedisServerProcess redis = RedisServerProcess.start(port, dir)) {
                assertThat(orphan.isAlive()).isFalse();
                assertThat(redis.pid()).isNotEqualTo(orphan.pid());
                assertThat(Files.readString(dir.resolve(RedisServerProcess.PID_FILE)).trim())
                        .isEqualTo(String.valueOf(redis.pid()));
                try (RedisClient client = RedisClient.create(redis.host(), redis.port())) {
                    assertThat(client.ping()).isEqualTo("PONG");
                }
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    void aPidfileNamingSomeOtherProgramNeverKillsIt(@TempDir Path dir) throws Exception {
        // After a reboot the old pid may belong to anything: only a redis-server is ever stopped.
        Process unrelated = new ProcessBuilder("sleep", "60").start();
        try {
            new PidFile(dir.resolve(RedisServerProcess.PID_FILE), RedisBinary.EXECUTABLE_PREFIX).write(unrelated.pid());

            RedisServerProcess redis = RedisServerProcess.start(0, dir);
            long pid = redis.pid();
            redis.close();

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(ProcessHandle.of(pid)).isEmpty();
            assertThat(dir.resolve(RedisServerProcess.PID_FILE)).doesNotExist();
        } finally {
            unrelated.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void awaitPong(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (RedisClient client = RedisClient.create("127.0.0.1", port)) {
                if ("PONG".equals(client.ping())) {
                    return;
                }
            } catch (RuntimeException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("orphan redis-server did not answer on port " + port);
    }
}
