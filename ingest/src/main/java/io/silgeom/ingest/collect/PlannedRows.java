package io.silgeom.ingest.collect;

import io.silgeom.core.article.Article;
import io.silgeom.core.json.ArticleBytesWriter;
import io.silgeom.core.json.ArticleJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The rows of one replay, read, parsed, mapped and scheduled ahead of the sending thread, in file order, on a thread
 * of their own: the sending thread of {@link FileReplay} then only waits for a row's send time and hands the row to
 * the sink, which sends it (encoding it first unless that is done), so the per-row work is split over two cores.
 *
 * <p>Most rows never become an {@link Article}: {@link RowMapping#startDirect} decides on the row by the mapping's own
 * rules and {@link ArticleBytesWriter} writes its record with the title and body copied from the file's bytes, here,
 * in the one pass that reads them, so the sender only sends. The rows it is not sure of (malformed UTF-8, a value
 * that is not a string, a JSON line the flat reader leaves to Jackson, a row that does not map) are mapped to an
 * {@link Article} as before, and for those who encodes balances itself: a batch that finds the queue full (the sender
 * is behind, this thread would only wait) is encoded here before it is queued; otherwise the sender encodes.
 *
 * <p>Rows travel in batches (a few hundred rows, or about a megabyte) through a queue of a few batches, so the work
 * ahead is bounded in memory and the handover costs little per row. Everything that depends on file order is done
 * here, in file order, so it is the same as in a one-thread replay: the schedule (gap compression, shifted times),
 * the id of the rows without one, and which rows repeat an earlier id. What depends on what was actually sent
 * (counts, progress, dead-letter times, stopping) stays with the sender. A failure here (an unreadable file, a CSV
 * with broken quoting) reaches the sender after the rows before it, as the same exception.
 */
final class PlannedRows implements AutoCloseable {
    private static final int BATCH_ROWS = 256;
    private static final long BATCH_BYTES = 1 << 20;
    private static final int QUEUED_BATCHES = 4;

    /**
     * One row, ready to send: an article with its {@code id} and {@code json}, its {@link ArticleJson#encode encoding}
     * (its time shifted), given as {@code article} (null when the json was written straight from the file's bytes),
     * {@code json} or both ({@code json} null when the sender is to encode the article); or a dead letter's reason and
     * raw text.
     */
    record Row(long line, String id, Article article, byte[] json, Instant sendAt, boolean repeatedId, String reason,
               String raw, long bytesRead) {
        boolean deadLetter() {
            return reason != null;
        }

        Row repeated() {
            return new Row(line, id, article, json, sendAt, true, reason, raw, bytesRead);
        }

        Row encoded(Function<Article, byte[]> encoder) {
            return deadLetter() || json != null ? this
                    : new Row(line, id, article, encoder.apply(article), sendAt, repeatedId, reason, raw, bytesRead);
        }
    }

    /** @param failure the exception that ended the reading, or null; @param last true after the last row */
    private record Batch(List<Row> rows, Throwable failure, boolean last, long bytesRead) {
    }

    private final RowReader reader;
    private final RowMapping mapping;
    private final ReplaySchedule schedule;
    private final Long limit;
    /** Writes the rows straight from the file's bytes where it can (null: every row through an Article). */
    private final ArticleBytesWriter direct;
    private final Function<Article, byte[]> encoder;
    private final SeenIds seenIds = new SeenIds();
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    private final Thread thread;
    private volatile boolean closed;
    private List<Row> current = List.of();
    private int next;
    private Batch lastBatch;
    private long bytesRead;

    private PlannedRows(RowReader reader, RowMapping mapping, ReplaySchedule schedule, Long limit, String name,
                        boolean writeDirect, Function<Article, byte[]> encoder) {
        this.reader = reader;
        this.mapping = mapping;
        this.schedule = schedule;
        this.limit = limit;
        this.direct = writeDirect ? new ArticleBytesWriter() : null;
        this.encoder = encoder;
        this.thread = new Thread(this::produce, name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading. From now on only this object reads {@code reader}; the caller closes it after {@link #close()}.
     *
     * @param limit rows to read at most, or null for the whole file
     */
    static PlannedRows start(RowReader reader, RowMapping mapping, ReplaySchedule schedule, Long limit,
                             String threadName) {
        return start(reader, mapping, schedule, limit, threadName, true, ArticleJson::encode);
    }

    /**
     * @param writeDirect false: every row is mapped to an {@link Article} (the tests hold the two ways together)
     * @param encoder     {@link ArticleJson#encode}, or a stand-in in tests
     */
    static PlannedRows start(RowReader reader, RowMapping mapping, ReplaySchedule schedule, Long limit,
                             String threadName, boolean writeDirect, Function<Article, byte[]> encoder) {
        PlannedRows rows = new PlannedRows(reader, mapping, schedule, limit, threadName, writeDirect, encoder);
        rows.thread.start();
        return rows;
    }

    /**
     * The next row in file order, or null after the last.
     *
     * @throws IOException the file could not be read further (the rows before it were all returned)
     */
    Row next() throws IOException, InterruptedException {
        while (next == current.size()) {
            if (lastBatch != null) {
                return finish();
            }
            Batch batch = queue.take();
            current = batch.rows();
            next = 0;
            if (batch.last() || batch.failure() != null) {
                lastBatch = batch;
            }
        }
        Row row = current.get(next++);
        bytesRead = row.bytesRead();
        return row;
    }

    private Row finish() throws IOException {
        Throwable failure = lastBatch.failure();
        if (failure == null) {
            bytesRead = lastBatch.bytesRead();
            return null;
        }
        if (failure instanceof IOException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    /** Bytes of the file behind the rows returned so far; the whole file once {@link #next()} returned null. */
    long bytesRead() {
        return bytesRead;
    }

    private void produce() {
        List<Row> batch = new ArrayList<>(BATCH_ROWS);
        boolean marked = false; // whether the batch's ids are in seenIds: once only, or they would all count as repeats
        long batchBytes = 0;
        long rows = 0;
        long planned = 0;
        try {
            SourceRow source;
            while (!closed && (limit == null || rows < limit) && (source = reader.next()) != null) {
                rows++;
                Row row = plan(source, planned);
                if (!row.deadLetter()) {
                    planned++;
                }
                batch.add(row);
                batchBytes += row.deadLetter() ? row.raw().length() : row.json() != null ? row.json().length
                        : textLength(row.article());
                if (batch.size() >= BATCH_ROWS || batchBytes >= BATCH_BYTES) {
                    markRepeatedIds(batch);
                    marked = true;
                    Batch full = new Batch(batch, null, false, 0);
                    if (!queue.offer(full)) {
                        batch.replaceAll(r -> r.encoded(encoder)); // the sender is behind: spend the wait encoding for it
                        queue.put(full);
                    }
                    batch = new ArrayList<>(BATCH_ROWS);
                    marked = false;
                    batchBytes = 0;
                }
            }
            markRepeatedIds(batch);
            marked = true;
            queue.put(new Batch(batch, null, true, reader.bytesRead()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed: nobody takes rows any more
        } catch (Throwable t) {
            if (!closed) {
                try {
                    if (!marked) {
                        markRepeatedIds(batch); // the rows before the failure are sent
                    }
                    queue.put(new Batch(batch, t, false, 0));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private Row plan(SourceRow source, long index) throws IOException {
        if (direct != null && mapping.startDirect(source, direct)) {
            // Straight from the file's bytes into the record: no strings for the text, no Article, no second pass.
            ReplaySchedule.Slot slot = schedule.next(mapping.directTime(), index);
            byte[] json = mapping.finishDirect(direct, slot.shiftedTime());
            return new Row(source.line(), mapping.directId(), null, json, slot.sendAt(), false, null, null,
                    reader.bytesRead());
        }
        RowMapping.Result result = mapping.map(source);
        if (result instanceof RowMapping.Unmappable u) {
            return new Row(source.line(), null, null, null, null, false, u.reason(), source.raw(), reader.bytesRead());
        }
        Article article = ((RowMapping.Mapped) result).article();
        ReplaySchedule.Slot slot = schedule.next(article.publishedAt(), index);
        Article shifted = slot.shiftedTime().equals(article.publishedAt()) ? article
                : article.withPublishedAt(slot.shiftedTime());
        return new Row(source.line(), shifted.id(), shifted, null, slot.sendAt(), false, null, null, reader.bytesRead());
    }

    /**
     * Which rows of the batch repeat an id seen before (in this batch or an earlier one), in file order: a batch at a
     * time, so that {@link SeenIds#addAll} can overlap the table's cache misses.
     */
    private void markRepeatedIds(List<Row> batch) {
        String[] ids = new String[batch.size()];
        int[] rowOf = new int[batch.size()];
        int n = 0;
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            if (!row.deadLetter()) {
                ids[n] = row.id();
                rowOf[n++] = i;
            }
        }
        boolean[] fresh = seenIds.addAll(ids, n);
        for (int k = 0; k < n; k++) {
            if (!fresh[k]) {
                batch.set(rowOf[k], batch.get(rowOf[k]).repeated());
            }
        }
    }

    private static long textLength(Article a) {
        return 64 + (a.title() == null ? 0 : a.title().length()) + (a.body() == null ? 0 : a.body().length());
    }

    /** Stops the reading thread and waits for it; rows not taken are dropped. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the reader must be stopped before the caller closes the file under it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
