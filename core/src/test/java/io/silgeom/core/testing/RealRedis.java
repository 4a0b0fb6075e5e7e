package io.silgeom.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.RedisClient;

/**
 * A real redis-server for a test class, emptied before each test:
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RealRedis REDIS = new RealRedis();
 * ... REDIS.client().hset(...)
 * </pre>
 *
 * The server runs in a temporary directory under {@code java.io.tmpdir} (the module's target/ in Maven) and is
 * stopped after the class.
 */
public final class RealRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private RedisServerForTests server;
    private RedisClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("redis-" + context.getRequiredTestClass().getSimpleName());
        server = RedisServerForTests.start(dir);
        client = RedisClient.create(server.host(), server.port());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        client.flushAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public RedisClient client() {
        return client;
    }

    public String host() {
        return server.host();
    }

    public int port() {
        return server.port();
    }
}
