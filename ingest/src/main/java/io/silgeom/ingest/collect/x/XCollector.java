package io.silgeom.ingest.collect.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.silgeom.ingest.collect.CollectorStatus;
import io.silgeom.ingest.publish.EdgeGate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects posts from the X API v2: the filtered stream ({@code GET /2/tweets/search/stream}) with the configured
 * rules, and recent search ({@code GET /2/tweets/search/recent}) as the fallback.
 *
 * <ol>
 *   <li>At start the stream's rules are made equal to {@code x.rules} (rules not ours deleted, missing ones added,
 *       {@code /2/tweets/search/stream/rules}).</li>
 *   <li>The stream is read line by line: a post goes through {@link TweetMapper} to the {@link EdgeGate}; an empty
 *       line is X's keep-alive (every 20 s); silence longer than {@code x.stall.timeout} counts as a disconnect.</li>
 *   <li>After a disconnect or an HTTP error the collector reconnects after a back-off (5 s, 10 s, 20 s, … 5 min);
 *       after a 429 it waits until {@code x-rate-limit-reset}. Before waiting it runs a recent search from the newest
 *       post it has ({@code since_id}), so the gap is filled; the gate drops the posts both paths bring.</li>
 *   <li>A 403 on the stream (an access level without streaming) switches to recent search only, every
 *       {@code x.search.interval}, honouring {@code x-rate-limit-remaining}/{@code -reset}.</li>
 *   <li>A 401 ends the run with an exception: a wrong token does not get better by retrying.</li>
 * </ol>
 *
 * <p>Without a bearer token the constructor refuses ({@link XOptions#requireToken()}). Metrics:
 * {@code silgeom.collect.x.posts{via=stream|search,outcome}}, {@code silgeom.collect.x.reconnects},
 * {@code silgeom.collect.x.rate.limited}; health in the {@link CollectorStatus} field {@code x}.
 */
public final class XCollector {
    private static final Logger LOG = LoggerFactory.getLogger(XCollector.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String FIELDS = "tweet.fields=created_at,lang,author_id&expansions=author_id&user.fields=username";
    static final String RULE_TAG = "silgeom";
    private static final int SEARCH_PAGES = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final XOptions options;
    private final HttpClient http;
    private final EdgeGate gate;
    private final CollectorStatus status;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<InputStream> openStream = new AtomicReference<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile String newestId;
    private volatile Instant searchBlockedUntil = Instant.MIN;
    private volatile long lastActivityNanos;

    /** @throws IllegalStateException when no token (or no rule) is configured, saying what to set */
    public XCollector(XOptions options, HttpClient http, EdgeGate gate, CollectorStatus status, MeterRegistry metrics,
            Clock clock) {
        this.options = Objects.requireNonNull(options, "options").requireToken();
        this.http = Objects.requireNonNull(http, "http");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.status = Objects.requireNonNull(status, "status");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An HTTP answer other than 200 from the API. */
    static final class XApiException extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient RateLimit rateLimit;

        XApiException(int status, RateLimit rateLimit, String message) {
            super(message);
            this.status = status;
            this.rateLimit = rateLimit;
        }
    }

    /**
     * Runs until {@link #stop()}.
     *
     * @throws IllegalStateException when X refuses the token (401)
     */
    public void run() throws InterruptedException {
        boolean streamAvailable = true;
        try {
            syncRules();
        } catch (XApiException e) {
            streamAvailable = handleFatalOrForbidden(e, "rules");
        } catch (IOException e) {
            LOG.error("x: cannot set the stream rules: {}; the stream runs with the rules it has", e.getMessage());
        }
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "silgeom-x-stall-watchdog");
            t.setDaemon(true);
            return t;
        });
        long checkMs = Math.max(50, options.stallTimeout().toMillis() / 4);
        watchdog.scheduleWithFixedDelay(this::closeIfStalled, checkMs, checkMs, TimeUnit.MILLISECONDS);
        try {
            int failures = 0;
            while (!stopRequested()) {
                if (!streamAvailable) {
                    searchOnce();
                    pause(options.searchInterval(), "search");
                    continue;
                }
                Duration wait;
                try {
                    boolean receivedPosts = stream();
                    if (stopRequested()) {
                        break;
                    }
                    failures = receivedPosts ? 1 : failures + 1;
                    wait = options.reconnect().after(failures);
                    health("disconnected", "stream ended", wait);
                    LOG.warn("x: stream disconnected; reconnect in {} ms", wait.toMillis());
                } catch (XApiException e) {
                    if (!handleFatalOrForbidden(e, "stream")) {
                        streamAvailable = false;
                        continue;
                    }
                    failures++;
                    wait = e.status == 429 ? rateLimitWait(e.rateLimit, failures) : options.reconnect().after(failures);
                    health("failing", e.getMessage(), wait);
                    LOG.error("x: stream: {}; reconnect in {} ms", e.getMessage(), wait.toMillis());
                } catch (IOException e) {
                    if (stopRequested()) {
                        break;
                    }
                    failures++;
                    wait = options.reconnect().after(failures);
                    health("failing", e.toString(), wait);
                    LOG.error("x: stream: {}; reconnect in {} ms", e, wait.toMillis());
                }
                reconnects.incrementAndGet();
                Counter.builder("silgeom.collect.x.reconnects").register(metrics).increment();
                searchOnce(); // fills the gap the disconnect left, from the newest post we have
                pause(wait, "reconnect");
            }
        } finally {
            watchdog.shutdownNow();
            gate.flush();
        }
    }

    /** @return true to go on with the stream; false when the stream is forbidden (fall back to search) */
    private boolean handleFatalOrForbidden(XApiException e, String what) {
        if (e.status == 401) {
            throw new IllegalStateException("X refused the bearer token (HTTP 401 on " + what + "): check "
                    + "x.bearer.token / SILGEOM_X_BEARER_TOKEN");
        }
        if (e.status == 403) {
            LOG.error("x: {} forbidden (HTTP 403: this access level has no filtered stream?); falling back to recent "
                    + "search every {} ms: {}", what, options.searchInterval().toMillis(), e.getMessage());
            health("search-only", e.getMessage(), options.searchInterval());
            return false;
        }
        return true;
    }

    private Duration rateLimitWait(RateLimit limit, int failures) {
        Counter.builder("silgeom.collect.x.rate.limited").register(metrics).increment();
        Duration untilReset = limit == null ? null : limit.untilReset(clock.instant());
        // X's advice for 429 without a reset header: start at a minute and back off.
        return untilReset != null ? untilReset : Duration.ofMinutes(1).multipliedBy(1L << Math.min(failures - 1, 4));
    }

    /** Stops {@link #run()}: an open stream is closed, a wait ends at once. Idempotent, any thread. */
    public void stop() {
        stopped.countDown();
        closeQuietly(openStream.getAndSet(null));
    }

    private boolean stopRequested() {
        return stopped.getCount() == 0;
    }

    private void pause(Duration wait, String why) throws InterruptedException {
        if (!wait.isZero() && stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.debug("x: {} wait ended by stop", why);
        }
    }

    // ---------------------------------------------------------------- the stream

    /** Reads the stream until it ends. @return whether at least one post arrived */
    boolean stream() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request("/2/tweets/search/stream?" + FIELDS).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body = readSome(response.body());
            throw new XApiException(response.statusCode(), RateLimit.of(response.headers()),
                    "HTTP " + response.statusCode() + " " + body);
        }
        InputStream in = response.body();
        openStream.set(in);
        if (stopRequested()) {
            closeQuietly(in);
            return false;
        }
        lastActivityNanos = System.nanoTime();
        health("connected", null, null);
        LOG.info("x: stream connected to {}", options.apiUrl());
        boolean any = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                lastActivityNanos = System.nanoTime();
                if (line.isBlank()) {
                    continue; // keep-alive
                }
                any |= handleStreamLine(line);
            }
        } catch (IOException e) {
            if (!stopRequested() && openStream.get() != null) {
                throw e;
            }
            LOG.debug("x: stream closed: {}", e.toString());
        } finally {
            openStream.set(null);
        }
        return any;
    }

    private boolean handleStreamLine(String line) {
        byte[] raw = line.getBytes(StandardCharsets.UTF_8);
        JsonNode node;
        try {
            node = MAPPER.readTree(raw);
        } catch (IOException e) {
            gate.reject("x:stream", raw, "json.malformed", "stream line is not JSON: " + firstLine(e.getMessage()));
            count("stream", "dead_lettered");
            return false;
        }
        if (node.has("data") && node.get("data").isObject()) {
            offer("stream", node.get("data"), TweetMapper.usernames(node));
            return true;
        }
        if (node.has("errors")) {
            // e.g. operational-disconnect: X closes the connection after saying why.
            LOG.warn("x: stream says: {}", firstLine(node.get("errors").toString()));
            return false;
        }
        gate.reject("x:stream", raw, "json.malformed", "stream line has neither data nor errors");
        count("stream", "dead_lettered");
        return false;
    }

    private void closeIfStalled() {
        InputStream in = openStream.get();
        if (in != null && System.nanoTime() - lastActivityNanos > options.stallTimeout().toNanos()) {
            LOG.warn("x: nothing on the stream, not even a keep-alive, for {} ms: reconnecting",
                    options.stallTimeout().toMillis());
            if (openStream.compareAndSet(in, null)) {
                closeQuietly(in);
            }
        }
    }

    // ---------------------------------------------------------------- recent search

    /** One recent search from the newest post seen (up to a few pages), unless the rate limit says wait. */
    void searchOnce() {
        Instant now = clock.instant();
        if (now.isBefore(searchBlockedUntil)) {
            LOG.debug("x: recent search rate-limited until {}; skipped", searchBlockedUntil);
            return;
        }
        String sinceId = newestId;
        String nextToken = null;
        String newestOfRun = null;
        try {
            for (int page = 0; page < SEARCH_PAGES; page++) {
                StringBuilder path = new StringBuilder("/2/tweets/search/recent?query=")
                        .append(URLEncoder.encode(options.searchQuery(), StandardCharsets.UTF_8))
                        .append("&max_results=100&").append(FIELDS);
                if (sinceId != null) {
                    path.append("&since_id=").append(sinceId);
                }
                if (nextToken != null) {
                    path.append("&next_token=").append(URLEncoder.encode(nextToken, StandardCharsets.UTF_8));
                }
                HttpResponse<String> response = http.send(request(path.toString()).GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                RateLimit limit = RateLimit.of(response.headers());
                if (response.statusCode() == 429 || limit.exhausted()) {
                    Duration wait = rateLimitWait(limit, 1);
                    searchBlockedUntil = clock.instant().plus(wait);
                    LOG.warn("x: recent search rate limit reached; next search after {}", searchBlockedUntil);
                    if (response.statusCode() == 429) {
                        return;
                    }
                }
                if (response.statusCode() == 401) {
                    throw new IllegalStateException("X refused the bearer token (HTTP 401 on recent search): check "
                            + "x.bearer.token / SILGEOM_X_BEARER_TOKEN");
                }
                if (response.statusCode() != 200) {
                    LOG.error("x: recent search: HTTP {} {}", response.statusCode(), firstLine(response.body()));
                    return;
                }
                JsonNode body = MAPPER.readTree(response.body());
                Map<String, String> users = TweetMapper.usernames(body);
                for (JsonNode post : body.path("data")) {
                    offer("search", post, users);
                }
                String newest = body.path("meta").path("newest_id").asText(null);
                if (newestOfRun == null && newest != null) {
                    newestOfRun = newest;
                }
                nextToken = body.path("meta").path("next_token").asText(null);
                if (nextToken == null || limit.exhausted()) {
                    break;
                }
            }
        } catch (IOException e) {
            LOG.error("x: recent search failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (newestOfRun != null) {
                noteId(newestOfRun);
            }
            gate.flush();
        }
    }

    // ---------------------------------------------------------------- rules

    /** Makes the stream's rules equal to {@code x.rules}: ours added, others deleted. */
    void syncRules() throws IOException, InterruptedException {
        JsonNode current = send(request("/2/tweets/search/stream/rules").GET().build());
        Set<String> wanted = new HashSet<>(options.rules());
        List<String> deleteIds = new ArrayList<>();
        for (JsonNode rule : current.path("data")) {
            if (!wanted.remove(rule.path("value").asText())) {
                deleteIds.add(rule.path("id").asText());
            }
        }
        if (!deleteIds.isEmpty()) {
            ObjectNode body = MAPPER.createObjectNode();
            ArrayNode ids = body.putObject("delete").putArray("ids");
            deleteIds.forEach(ids::add);
            send(request("/2/tweets/search/stream/rules").header("Content-Type", "application/json").POST(json(body)).build());
        }
        if (!wanted.isEmpty()) {
            ObjectNode body = MAPPER.createObjectNode();
            ArrayNode add = body.putArray("add");
            options.rules().stream().filter(wanted::contains)
                    .forEach(r -> add.addObject().put("value", r).put("tag", RULE_TAG));
            JsonNode answer = send(request("/2/tweets/search/stream/rules").header("Content-Type", "application/json").POST(json(body)).build());
            if (answer.has("errors")) {
                LOG.error("x: some rules were refused: {}", firstLine(answer.get("errors").toString()));
            }
        }
        LOG.info("x: stream rules: {} (deleted {}, added {})", options.rules(), deleteIds.size(), wanted.size());
    }

    // ---------------------------------------------------------------- shared

    private void offer(String via, JsonNode post, Map<String, String> users) {
        EdgeGate.Outcome outcome = gate.offer("x:" + via, TweetMapper.toArticleJson(post, users));
        count(via, outcome.name().toLowerCase(Locale.ROOT));
        if (outcome == EdgeGate.Outcome.PUBLISHED) {
            published.incrementAndGet();
        }
        if (post.path("id").isTextual()) {
            noteId(post.get("id").textValue());
        }
    }

    /** Keeps the highest post id seen: ids are numbers in strings, longer is newer. */
    private synchronized void noteId(String id) {
        if (!id.chars().allMatch(Character::isDigit)) {
            return;
        }
        String n = newestId;
        if (n == null || id.length() > n.length() || (id.length() == n.length() && id.compareTo(n) > 0)) {
            newestId = id;
        }
    }

    private void count(String via, String outcome) {
        Counter.builder("silgeom.collect.x.posts").tag("via", via).tag("outcome", outcome).register(metrics).increment();
    }

    private void health(String state, String lastError, Duration nextAttemptIn) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("state", state);
        n.put("at", clock.instant().toString());
        n.put("lastError", lastError);
        n.put("nextAttempt", nextAttemptIn == null ? null : clock.instant().plus(nextAttemptIn).toString());
        n.put("reconnects", reconnects.get());
        n.put("published", published.get());
        n.put("newestId", newestId);
        try {
            status.put("x", n.toString());
        } catch (RuntimeException e) {
            LOG.warn("x: cannot write the status: {}", e.toString());
        }
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(options.apiUrl().toString().replaceAll("/+$", "") + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + options.bearerToken())
                .header("User-Agent", "silgeom-collect");
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() / 100 != 2) {
            throw new XApiException(response.statusCode(), RateLimit.of(response.headers()),
                    "HTTP " + response.statusCode() + " " + firstLine(response.body()));
        }
        return MAPPER.readTree(response.body());
    }

    private static HttpRequest.BodyPublisher json(JsonNode body) {
        return HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8);
    }

    private static String readSome(InputStream in) {
        try (in) {
            return firstLine(new String(in.readNBytes(2048), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(no body: " + e.getMessage() + ")";
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("x: closing the stream: {}", e.toString());
        }
    }

    /** Posts sent to the articles topic so far. */
    public long published() {
        return published.get();
    }

    public long reconnects() {
        return reconnects.get();
    }
}
