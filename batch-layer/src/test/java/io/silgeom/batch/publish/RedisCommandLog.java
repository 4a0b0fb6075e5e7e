package io.silgeom.batch.publish;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every command a redis-server executes, in order, read from its MONITOR stream on a raw connection: lets a test
 * check the ORDER of writes (the cutoff is set only after the whole view is loaded).
 */
final class RedisCommandLog implements AutoCloseable {
    private final Socket socket;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread reader;

    RedisCommandLog(String host, int port) throws IOException, InterruptedException {
        socket = new Socket(host, port);
        OutputStream out = socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        reader = new Thread(() -> {
            try {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.equals("+OK")) {
                        started.countDown();
                    } else {
                        lines.add(l);
                    }
                }
            } catch (IOException closed) {
                started.countDown(); // the test closed the socket; the lines read so far stay
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
        if (!started.await(5, TimeUnit.SECONDS)) {
            throw new IOException("MONITOR did not answer +OK");
        }
    }

    /**
     * The commands seen up to the marker command {@code ECHO <marker>} (which the test sends after the actions it
     * checks, so every earlier command has been streamed), without the marker.
     */
    List<String> until(String marker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("\"" + marker + "\"")) {
                    return List.copyOf(lines.subList(0, i));
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("marker " + marker + " never appeared in the MONITOR stream");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
