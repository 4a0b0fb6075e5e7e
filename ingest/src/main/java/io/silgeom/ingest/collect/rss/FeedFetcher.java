package io.silgeom.ingest.collect.rss;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a feed with a conditional GET ({@code If-None-Match} with the last {@code ETag},
 * {@code If-Modified-Since} with the last {@code Last-Modified}), so an unchanged feed costs a 304 and no parsing.
 *
 * <p>Two limits keep one bad feed from holding up the others: the whole exchange, headers and body, must finish
 * within {@code timeout} (a server that answers the headers and then stalls would otherwise block a polling thread
 * for ever: {@link HttpRequest.Builder#timeout} covers the headers only), and the body may not exceed
 * {@code maxBytes}.
 */
public final class FeedFetcher {
    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;
    private final String userAgent;

    public FeedFetcher(HttpClient client, Duration timeout, long maxBytes, String userAgent) {
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.maxBytes = maxBytes;
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    /** The validators of the last successful fetch; both may be null. */
    public record Validators(String etag, String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /** The outcome of a fetch that got an answer. */
    public sealed interface Result permits NotModified, Fetched {
    }

    /** 304: nothing new since the validators were given. */
    public record NotModified() implements Result {
    }

    /** 200: the feed's bytes, its declared content type (may be null) and its new validators. */
    public record Fetched(byte[] body, String contentType, Validators validators) implements Result {
    }

    /** @throws FeedFetchException with the reason for an operator: status, timeout, size, connection */
    public Result fetch(FeedSpec feed, Validators validators) throws FeedFetchException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(feed.url()).timeout(timeout).GET()
                .header("User-Agent", userAgent)
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1");
        if (validators.etag() != null) {
            request.header("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            request.header("If-Modified-Since", validators.lastModified());
        }
        CompletableFuture<HttpResponse<byte[]>> pending =
                client.sendAsync(request.build(), info -> new LimitedBody(info.statusCode() == 200 ? maxBytes : 64 * 1024));
        HttpResponse<byte[]> response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new FeedFetchException("no complete answer within " + timeout.toMillis() + " ms (the feed hangs)", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof HttpTimeoutException) {
                throw new FeedFetchException("no answer within " + timeout.toMillis() + " ms (the feed hangs)", cause);
            }
            throw new FeedFetchException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            pending.cancel(true);
            throw e;
        }
        int status = response.statusCode();
        if (status == 304) {
            return new NotModified();
        }
        if (status != 200) {
            throw new FeedFetchException("HTTP " + status + " from " + feed.url());
        }
        Validators next = new Validators(response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null));
        return new Fetched(response.body(), response.headers().firstValue("Content-Type").orElse(null), next);
    }

    /** A fetch that got no usable answer. */
    public static final class FeedFetchException extends Exception {
        private static final long serialVersionUID = 1L;

        FeedFetchException(String message) {
            super(message);
        }

        FeedFetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Collects the body, and gives up (cancelling the download) once it passes {@code maxBytes}. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (bytes.size() + (long) b.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("body larger than " + maxBytes + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
