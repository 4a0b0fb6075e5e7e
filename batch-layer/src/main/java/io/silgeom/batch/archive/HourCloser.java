package io.silgeom.batch.archive;

import io.silgeom.core.time.TimeBuckets;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code raw/articles/dt=…/hr=…/_SUCCESS} for every hour the archiver's {@link ArchiveWatermark} has passed
 * by the allowed lateness: hour {@code [h, h+1h)} is closed once {@code h + 1h + lateness <= W}. The Oozie
 * coordinator waits on these flags before the nightly run.
 *
 * <p>Which hours: every hour after the last one closed (kept as {@code raw/_offsets/<topic>/_closed-<yyyyMMddHH>})
 * up to the newest closable one, on each DAY that has a raw directory: a day with at least one archived record gets
 * all 24 flags (an hour without articles gets an empty directory holding only the flag, so a coordinator waiting on
 * the day is not stuck), a day with no record at all gets none. Flags are written before the marker moves, so a crash
 * in between only writes some flags again (creating a flag is idempotent).
 *
 * <p>A flag is a statement about the watermark, not a seal: a record later than the allowed lateness still lands in
 * its hour directory, in a new file beside the flag, and the next batch run reads it. {@link #isClosed} lets the
 * archiver count such records as late.
 */
public final class HourCloser {
    private static final Logger LOG = LoggerFactory.getLogger(HourCloser.class);
    private static final Duration HOUR = Duration.ofHours(1);

    private final FileSystem fs;
    private final HdfsLayout layout;
    private final String topic;
    private final Duration lateness;
    private Optional<Instant> closedThrough;

    public HourCloser(FileSystem fs, HdfsLayout layout, String topic, Duration lateness) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.lateness = Objects.requireNonNull(lateness, "lateness");
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative, got " + lateness);
        }
    }

    /** The newest hour that may be closed at watermark {@code w}: the last {@code h} with {@code h + 1h + lateness <= w}. */
    public Instant lastClosableHour(Instant watermark) {
        return TimeBuckets.hourStart(watermark.minus(lateness).minus(HOUR));
    }

    /** The start of the newest closed hour, as the marker in HDFS says (read once, then kept up to date). */
    public Optional<Instant> closedThrough() throws IOException {
        if (closedThrough == null) {
            closedThrough = readMarker();
        }
        return closedThrough;
    }

    /** Whether the hour starting at {@code hour} has been closed (a record for it now is late). */
    public boolean isClosed(Instant hour) throws IOException {
        Optional<Instant> done = closedThrough();
        return done.isPresent() && !TimeBuckets.hourStart(hour).isAfter(done.get());
    }

    /**
     * Closes every hour the watermark allows that is not closed yet.
     *
     * @return the hours flagged now, oldest first (empty when the watermark has not passed a new hour)
     */
    public List<Instant> closeUpTo(Instant watermark) throws IOException {
        Instant last = lastClosableHour(watermark);
        Optional<Instant> done = closedThrough();
        if (done.isPresent() && !last.isAfter(done.get())) {
            return List.of();
        }
        Instant first = done.map(d -> d.plus(HOUR)).orElse(Instant.MIN);
        List<Instant> closed = new ArrayList<>();
        if (fs.exists(layout.rawArticles())) {
            for (FileStatus day : fs.listStatus(layout.rawArticles())) {
                Optional<Instant> dayStart = dayStart(day);
                if (dayStart.isEmpty()) {
                    continue;
                }
                Instant from = max(dayStart.get(), first);
                Instant to = min(dayStart.get().plus(Duration.ofHours(23)), last);
                for (Instant h = from; !h.isAfter(to); h = h.plus(HOUR)) {
                    createIfAbsent(layout.hourClosedFlag(h));
                    closed.add(h);
                }
            }
        }
        moveMarker(done, last);
        closedThrough = Optional.of(last);
        closed.sort(null);
        if (!closed.isEmpty()) {
            LOG.info("archive: hours closed: {} ({} .. {}), watermark: {}", closed.size(), TimeBuckets.hourId(closed.get(0)),
                    TimeBuckets.hourId(closed.get(closed.size() - 1)), watermark);
        }
        return closed;
    }

    private void moveMarker(Optional<Instant> previous, Instant last) throws IOException {
        createIfAbsent(layout.closedHourMarker(topic, last));
        if (previous.isPresent()) {
            fs.delete(layout.closedHourMarker(topic, previous.get()), false);
        }
    }

    /**
     * NOTE: never overwrite: a process killed while creating this very file still holds its HDFS lease, and a create
     * with overwrite would wait for the lease to expire (a minute). An empty file that exists is all a flag needs.
     */
    private void createIfAbsent(Path file) throws IOException {
        if (!fs.exists(file)) {
            fs.create(file, false).close();
        }
    }

    private Optional<Instant> readMarker() throws IOException {
        Path dir = layout.offsetsDir(topic);
        if (!fs.exists(dir)) {
            return Optional.empty();
        }
        Instant newest = null;
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            if (!name.startsWith(HdfsLayout.CLOSED_PREFIX)) {
                continue;
            }
            try {
                Instant h = TimeBuckets.parseHourId(name.substring(HdfsLayout.CLOSED_PREFIX.length()));
                if (newest == null || h.isAfter(newest)) {
                    newest = h;
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                LOG.warn("archive: ignoring {}: not a closed-hour marker ({})", st.getPath(), e.getMessage());
            }
        }
        return Optional.ofNullable(newest);
    }

    private static Optional<Instant> dayStart(FileStatus st) {
        String name = st.getPath().getName();
        if (!st.isDirectory() || !name.startsWith("dt=")) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(name.substring(3)).atStartOfDay(ZoneOffset.UTC).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // not a day partition; Hive and the batch job ignore it as well
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
