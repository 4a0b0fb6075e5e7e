package io.silgeom.ingest.collect.x;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A local server that answers like the X API v2 (filtered stream, its rules, recent search), each stream connection
 * and each search request scripted by its number. Records every request.
 */
final class FakeXApi implements AutoCloseable {
    record Request(String method, String path, String query, String authorization, String body, Instant at) {
    }

    /** What one stream connection does: its status, headers, the lines it sends, and whether it then stays open. */
    record StreamScript(int status, List<String> headers, List<String> lines, boolean holdOpen) {
    }

    /** One answer of the search endpoint. */
    record SearchAnswer(int status, List<String> headers, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    volatile String rulesJson = "{\"data\":[{\"id\":\"1\",\"value\":\"old rule\",\"tag\":\"someone\"}],\"meta\":{\"result_count\":1}}";
    volatile IntFunction<StreamScript> stream = n -> new StreamScript(200, List.of(), List.of(), true);
    volatile IntFunction<SearchAnswer> search = n -> new SearchAnswer(200, List.of(), "{\"meta\":{\"result_count\":0}}");

    FakeXApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                ex.getRequestHeaders().getFirst("Authorization"), body, Instant.now()));
        int n = requests(path).size();
        try (ex) {
            switch (path) {
                case "/2/tweets/search/stream/rules" -> answer(ex, 200, List.of(), ex.getRequestMethod().equals("GET")
                        ? rulesJson : "{\"meta\":{\"summary\":{\"created\":1,\"not_created\":0}}}");
                case "/2/tweets/search/recent" -> {
                    SearchAnswer a = search.apply(n);
                    answer(ex, a.status(), a.headers(), a.body());
                }
                case "/2/tweets/search/stream" -> stream(ex, stream.apply(n));
                default -> answer(ex, 404, List.of(), "{\"title\":\"Not Found\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(HttpExchange ex, StreamScript script) throws IOException, InterruptedException {
        if (script.status() != 200) {
            answer(ex, script.status(), script.headers(), "{\"title\":\"scripted\",\"status\":" + script.status() + "}");
            return;
        }
        headers(ex, script.headers());
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0); // chunked: a stream has no length
        OutputStream out = ex.getResponseBody();
        for (String line : script.lines()) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (script.holdOpen()) {
            release.await(60, TimeUnit.SECONDS);
        }
        out.close();
    }

    private static void answer(HttpExchange ex, int status, List<String> headers, String body) throws IOException {
        headers(ex, headers);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static void headers(HttpExchange ex, List<String> headers) {
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            ex.getResponseHeaders().add(headers.get(i), headers.get(i + 1));
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
