package io.silgeom.standalone.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps articles arriving while a test breaks things: {@code perTick} new articles every {@code tick} on a thread of
 * its own, until {@link #stop()} or until the stream holds {@code maxArticles}. A send that fails is kept and thrown
 * by {@link #stop()}, so a broken producer fails the test instead of quietly sending less.
 */
final class Pacer implements AutoCloseable {
    private final ArticleStream stream;
    private final int perTick;
    private final Duration tick;
    private final int maxArticles;
    private final Thread thread;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean running = true;

    Pacer(ArticleStream stream, int perTick, Duration tick, int maxArticles) {
        this.stream = stream;
        this.perTick = perTick;
        this.tick = tick;
        this.maxArticles = maxArticles;
        this.thread = new Thread(this::loop, "it-articles");
        thread.start();
    }

    private void loop() {
        try {
            while (running && stream.articles() < maxArticles) {
                stream.send(Math.min(perTick, maxArticles - stream.articles()));
                Thread.sleep(tick.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    /** True until it has sent {@code maxArticles} or was stopped. */
    boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops sending and waits for the send in progress; throws what made the sender fail, if anything. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Waits until it has sent all of {@code maxArticles}. */
    void finish() throws InterruptedException {
        thread.join();
        stop();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
