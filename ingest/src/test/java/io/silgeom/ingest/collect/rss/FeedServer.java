package io.silgeom.ingest.collect.rss;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Feeds on a local HTTP server, each path with its own behaviour: a document (with an ETag honoured by 304), or a
 * handler that never answers. Records every request's path and If-None-Match.
 */
final class FeedServer implements AutoCloseable {
    record Hit(String path, String ifNoneMatch, String ifModifiedSince) {
    }

    record Doc(byte[] body, String contentType, String etag, String lastModified) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    FeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void serve(String path, byte[] body, String contentType, String etag, String lastModified) {
        docs.put(path, new Doc(body, contentType, etag, lastModified));
    }

    List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        hits.add(new Hit(path, ex.getRequestHeaders().getFirst("If-None-Match"),
                ex.getRequestHeaders().getFirst("If-Modified-Since")));
        try (ex) {
            if (path.startsWith("/hang")) {
                // Accepts the connection, never answers: what a stuck upstream looks like.
                release.await(60, TimeUnit.SECONDS);
                return;
            }
            Doc doc = docs.get(path);
            if (doc == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (doc.etag() != null && doc.etag().equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                ex.sendResponseHeaders(304, -1);
                return;
            }
            if (doc.etag() != null) {
                ex.getResponseHeaders().add("ETag", doc.etag());
            }
            if (doc.lastModified() != null) {
                ex.getResponseHeaders().add("Last-Modified", doc.lastModified());
            }
            ex.getResponseHeaders().add("Content-Type", doc.contentType());
            ex.sendResponseHeaders(200, doc.body().length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(doc.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
