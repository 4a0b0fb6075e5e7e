package io.silgeom.speed.consume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Maps a list with a pure function on {@code threads} threads, the caller's included, and returns the results in the
 * list's order. The speed layer analyzes the records of one poll this way: analysis is most of its CPU, each record's
 * analysis depends on nothing but the record, and what follows (dedupe, offsets, the batch) needs the records in
 * offset order, which the ordered results give back. One thread: the caller maps the list alone, no pool at all.
 */
final class OrderedParallelMap implements AutoCloseable {
    /** Below this many items per thread, splitting costs more than it saves: the caller maps them alone. */
    static final int MIN_ITEMS_PER_THREAD = 32;

    private final int threads;
    private final ExecutorService pool;   // threads - 1 helpers; null for one thread

    OrderedParallelMap(int threads, String threadName) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got: " + threads);
        }
        Objects.requireNonNull(threadName, "threadName");
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /**
     * {@code f} of each item, in order. {@code f} must be safe to call from several threads at once and must not
     * throw: a failure of one item is part of its result.
     *
     * @throws IllegalStateException if a helper thread failed or was interrupted (the caller's thread is then
     *                               interrupted again)
     */
    <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> f) {
        int size = items.size();
        int parts = pool == null ? 1 : Math.min(threads, Math.max(1, size / MIN_ITEMS_PER_THREAD));
        if (parts == 1) {
            List<R> out = new ArrayList<>(size);
            for (T item : items) {
                out.add(f.apply(item));
            }
            return out;
        }
        Object[] out = new Object[size];
        List<Future<?>> helpers = new ArrayList<>(parts - 1);
        // Contiguous slices; the caller takes the first, so with threads == cores no core waits for a helper to start.
        for (int p = 1; p < parts; p++) {
            int from = (int) ((long) size * p / parts);
            int to = (int) ((long) size * (p + 1) / parts);
            helpers.add(pool.submit(() -> fill(items, f, out, from, to)));
        }
        fill(items, f, out, 0, size / parts);
        try {
            for (Future<?> h : helpers) {
                h.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            helpers.forEach(h -> h.cancel(true));
            throw new IllegalStateException("interrupted while the analysis threads finished", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an analysis thread failed", e.getCause());
        }
        @SuppressWarnings("unchecked")
        List<R> results = (List<R>) Arrays.asList(out);
        return results;
    }

    private static <T, R> void fill(List<T> items, Function<? super T, ? extends R> f, Object[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = f.apply(items.get(i));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
