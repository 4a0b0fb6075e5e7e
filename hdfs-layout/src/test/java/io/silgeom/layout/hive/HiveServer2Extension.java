package io.silgeom.layout.hive;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves a {@link HiveServer2ForTests} parameter with the one server of the whole test run: it takes ~20-40 s to
 * start, so it is started on first use, kept in the root store and stopped when the run ends.
 */
final class HiveServer2Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == HiveServer2ForTests.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).server();
    }

    /** Closed by JUnit with the root store (AutoCloseable for JUnit 5.13+, CloseableResource before). */
    private record Running(HiveServer2ForTests server)
            implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        static Running start() {
            try {
                return new Running(HiveServer2ForTests.start(Path.of("target", "hiveserver2").toAbsolutePath()));
            } catch (Exception e) {
                throw new IllegalStateException("HiveServer2 did not start: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws InterruptedException {
            server.close();
        }
    }
}
