package io.silgeom.standalone.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Ports on the loopback interface, where every embedded service listens.
 *
 * <p>NOTE: a port picked here is free when this method returns, not when the service binds it a moment later. On a
 * developer machine the window is small enough; a service that loses the race fails to start with its own clear
 * "address in use" error, and the stack closes what it had started.
 */
final class LocalPorts {
    static final String LOOPBACK = "127.0.0.1";
    /** What a caller passes to mean "any free port". */
    static final int ANY_FREE = 0;

    private LocalPorts() {
    }

    /** {@code port} itself, or a free port when {@code port} is {@link #ANY_FREE}; fails if a fixed port is taken. */
    static int resolve(int port, String service) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(service + " port must be 0 (any free port) or 1-65535, got: " + port);
        }
        if (port == ANY_FREE) {
            return pickFree();
        }
        if (!isFree(port)) {
            throw new IOException(service + " port " + LOOPBACK + ":" + port + " is already in use");
        }
        return port;
    }

    static int pickFree() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            // Same option the services set, so a port in TIME_WAIT after a clean stop counts as free.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }
}
