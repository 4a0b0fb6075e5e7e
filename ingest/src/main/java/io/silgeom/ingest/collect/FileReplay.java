package io.silgeom.ingest.collect;

import io.silgeom.core.validation.DeadLetter;
import io.silgeom.ingest.publish.ArticleSink;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a file of records (JSON lines, CSV, TSV) onto the article record, into an {@link ArticleSink}: the
 * engine of {@code silgeom replay} (DESIGN.md §8).
 *
 * <p>Per row, in file order:
 * <ol>
 *   <li>Map the columns onto the article fields ({@link ReplayOptions#fieldMap()}, else same-named columns).</li>
 *   <li>A row that cannot become an article (no readable event time, no source, malformed JSON, wrong number
 *       of fields) goes to the dead-letter topic as {@code {reason, receivedAt=now, topic=null, partition=-1,
 *       offset=<line number>, raw=<the row>}}, with key {@code <file name>:<line>}. Nothing is skipped
 *       silently.</li>
 *   <li>Otherwise shift its event time and wait for its send time ({@link ReplaySchedule}), then publish it.
 *       Full validation is the speed layer's job, so a replayed record is judged like any other.</li>
 * </ol>
 *
 * <p>{@link TimeShift#NOW} without a speedup reads the file twice: first for its latest event time (see
 * {@link TimeShift}). Progress goes to the {@link ProgressListener} a few times per second and once at the
 * end. {@link #stop()} ends the run early, from any thread; the run then flushes and returns.
 *
 * <p>Two threads share the work per row. One reads, parses, maps and schedules the rows in file order, ahead of the
 * other ({@link PlannedRows}), and writes most of them straight from the file's bytes into their JSON
 * ({@link ArticleSink#publishEncoded}); the caller's thread waits for each row's send time, hands it to the sink and
 * keeps the counts, the progress and the summary, so they count exactly what was sent.
 */
public final class FileReplay {
    private static final Logger LOG = LoggerFactory.getLogger(FileReplay.class);
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private final ReplayOptions options;
    private final ArticleSink sink;
    private final Clock clock;
    private final ProgressReporter progress;
    private final Pacer pacer;
    private volatile boolean stopRequested;
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private long duplicateIds;

    public FileReplay(ReplayOptions options, ArticleSink sink, ProgressListener listener) {
        this(options, sink, listener, Clock.systemUTC(), Sleeper.system());
    }

    /** With an injected clock and sleeper: unit tests pace without sleeping. */
    public FileReplay(ReplayOptions options, ArticleSink sink, ProgressListener listener, Clock clock, Sleeper sleeper) {
        this.options = Objects.requireNonNull(options, "options");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = new ProgressReporter(clock, Objects.requireNonNull(listener, "listener"),
                ProgressReporter.DEFAULT_INTERVAL);
        this.pacer = new Pacer(clock, Objects.requireNonNull(sleeper, "sleeper"), () -> stopRequested);
    }

    /**
     * Replays the file, then flushes the sink.
     *
     * @return the final progress report ({@link Progress#finished()} is true)
     * @throws IOException              the file cannot be read (the message names the line for a malformed CSV)
     * @throws IllegalArgumentException the columns cannot give an article (message names the option that fixes it)
     * @throws InterruptedException     the thread was interrupted while pacing; nothing more was sent
     */
    public Progress run() throws IOException, InterruptedException {
        progress.start();
        Instant start = clock.instant();
        long totalBytes = Files.size(options.file());
        Instant compressedEnd = options.needsEndAnchor() ? scanCompressedEnd() : null;
        ReplaySchedule schedule = new ReplaySchedule(options, start, compressedEnd);
        String fileName = options.file().getFileName().toString();
        long read = 0;
        long published = 0;
        long deadLettered = 0;
        long bytesRead = 0;
        LOG.info("replay: file: {}, format: {}, time shift: {}, speedup: {}, rate: {}", options.file(), options.format(),
                options.timeShift(), options.speedup(), options.rate());
        try (RowReader reader = RowReader.open(options.file(), options.format())) {
            RowMapping mapping = RowMapping.resolve(options, reader.header());
            reader.select(mapping.selectedColumns(), mapping.textOnlyColumns());
            try (PlannedRows rows = PlannedRows.start(reader, mapping, schedule, options.limit(),
                    "replay-reader-" + fileName)) {
                PlannedRows.Row row;
                while (!stopRequested && !limitReached(read) && (row = rows.next()) != null) {
                    read++;
                    if (row.deadLetter()) {
                        LOG.debug("dead letter: {}:{}: {}", fileName, row.line(), row.reason());
                        deadLetterReasons.merge(reasonKind(row.reason()), 1L, Long::sum);
                        sink.publishDeadLetter(fileName + ":" + row.line(),
                                new DeadLetter(row.reason(), clock.instant(), null, -1, row.line(), row.raw()));
                        deadLettered++;
                    } else {
                        if (row.sendAt() != null && !pacer.awaitUntil(row.sendAt())) {
                            read--; // stopped while waiting: this row was not replayed
                            break;
                        }
                        if (row.article() == null) {
                            sink.publishEncoded(row.id(), row.json()); // written from the file's bytes
                        } else if (row.json() != null) {
                            sink.publish(row.article(), row.json()); // encoded by the reading thread
                        } else {
                            sink.publish(row.article());
                        }
                        published++;
                        if (row.repeatedId()) {
                            duplicateIds++; // sent anyway: a replay sends the file as it is, the layers count an id once
                        }
                    }
                    bytesRead = row.bytesRead();
                    progress.maybeReport(read, published, deadLettered, bytesRead, totalBytes);
                }
                bytesRead = rows.bytesRead();
            }
        } finally {
            sink.flush();
        }
        Progress last = progress.finish(read, published, deadLettered, bytesRead, totalBytes);
        LOG.info("replay done: file: {}, rows: {}, published: {}, dead-lettered: {} {}, duplicate ids: {}, elapsed: {}{}",
                options.file(), read, published, deadLettered, deadLetterReasons, duplicateIds, last.elapsed(),
                stopRequested ? " (stopped)" : "");
        return last;
    }

    /**
     * Why rows went to the dead-letter topic, with counts, for the end-of-replay summary: each reason with its quoted
     * values and numbers blanked, e.g. {@code publishedAt: missing (column 'date_iso') → 1},
     * {@code row has N fields, the header has N → 3}. Read it after {@link #run()}.
     */
    public Map<String, Long> deadLetterReasons() {
        return Map.copyOf(deadLetterReasons);
    }

    /**
     * Published rows whose id an earlier row of this run already had. They are sent anyway (the file as it is; the
     * layers count an id once), and counted here for the summary. Read it after {@link #run()}.
     */
    public long duplicateIds() {
        return duplicateIds;
    }

    /** A reason with the row's own values taken out, so that rows failing the same way add up under one line. */
    static String reasonKind(String reason) {
        String kind = QUOTED.matcher(reason).replaceAll("'…'");
        return NUMBER.matcher(kind).replaceAll("N");
    }

    /** Ends a running {@link #run()} after the current row; callable from any thread (a shutdown hook). */
    public void stop() {
        stopRequested = true;
    }

    /** First pass for the end-anchored shift: the latest event time after gap compression. */
    private Instant scanCompressedEnd() throws IOException {
        ReplaySchedule.GapCompressor gaps = new ReplaySchedule.GapCompressor(options.maxGap());
        long rows = 0;
        try (RowReader reader = RowReader.open(options.file(), options.format())) {
            RowMapping mapping = RowMapping.resolve(options, reader.header());
            reader.select(mapping.selectedColumns());
            SourceRow row;
            while (!limitReached(rows) && (row = reader.next()) != null) {
                rows++;
                Instant t = mapping.eventTimeOrNull(row);
                if (t != null) {
                    gaps.compress(t);
                }
            }
        }
        Instant end = gaps.latestCompressed();
        // A file without a single readable time publishes nothing; any anchor will do.
        return end != null ? end : clock.instant();
    }

    private boolean limitReached(long rows) {
        return options.limit() != null && rows >= options.limit();
    }
}
