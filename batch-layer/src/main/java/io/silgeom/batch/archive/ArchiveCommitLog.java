package io.silgeom.batch.archive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which flushes of the archiver are complete, kept in HDFS next to the data, so that "what HDFS holds" is the one
 * truth the archiver resumes from and the batch run snapshots. Per topic partition, under
 * {@code raw/_offsets/<topic>/<partition>/}:
 *
 * <ol>
 *   <li>{@code _pending-<lastOffset>}: written BEFORE the flush writes any data file; lists the final paths of the
 *       flush's files of this partition, one per line.
 *   <li>the data files are written under temporary names and renamed (see {@link OffsetRangeFileName}).
 *   <li>{@code <lastOffset>}: an empty commit marker, written after every file of the flush is renamed. Its name is
 *       the largest offset the flush covered: the partition is archived up to and including it. Older markers are
 *       then deleted and the pending list too.
 * </ol>
 *
 * <p>Recovery ({@link #recover}) after a crash anywhere in between: a pending list above the highest marker belongs
 * to an incomplete flush, so its files (final and temporary names) are deleted, and reading resumes at marker + 1.
 * A pending list at or below the highest marker is a complete flush whose clean-up was cut short: only the list
 * goes. Every record therefore lands in exactly one committed file.
 *
 * <p>NOTE: a single writer per partition is assumed (the Kafka group assigns a partition to one archiver).
 */
public final class ArchiveCommitLog {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCommitLog.class);
    private static final String PENDING_PREFIX = "_pending-";

    private final FileSystem fs;
    private final HdfsLayout layout;

    public ArchiveCommitLog(FileSystem fs, HdfsLayout layout) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * Per {@code topic:partition}, the next offset the archive has not covered (highest marker + 1). Partitions never
     * archived are absent. A separate process (the batch run) may call this while the archiver runs: a flush in
     * progress is not visible until its marker is written.
     */
    public static Map<String, Long> archivedOffsets(FileSystem fs, HdfsLayout layout, String topic) throws IOException {
        return new ArchiveCommitLog(fs, layout).archivedOffsets(topic);
    }

    public Map<String, Long> archivedOffsets(String topic) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        Path dir = layout.offsetsDir(topic);
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus st : fs.listStatus(dir)) {
            int partition;
            try {
                partition = Integer.parseInt(st.getPath().getName());
            } catch (NumberFormatException notAPartition) {
                continue; // e.g. a checksum file of the local filesystem
            }
            OptionalLong last = lastArchivedOffset(topic, partition);
            if (last.isPresent()) {
                out.put(KafkaPosition.partitionKey(topic, partition), last.getAsLong() + 1);
            }
        }
        return out;
    }

    /** The largest offset of the partition in a committed flush, if any. */
    public OptionalLong lastArchivedOffset(String topic, int partition) throws IOException {
        Path dir = layout.offsetsDir(topic, partition);
        if (!fs.exists(dir)) {
            return OptionalLong.empty();
        }
        OptionalLong max = OptionalLong.empty();
        for (FileStatus st : fs.listStatus(dir)) {
            OptionalLong marker = markerOffset(st.getPath().getName());
            if (marker.isPresent() && (max.isEmpty() || marker.getAsLong() > max.getAsLong())) {
                max = marker;
            }
        }
        return max;
    }

    /** Step 1 of a flush: records the final paths of the partition's files before any of them is written. */
    public void beginFlush(String topic, int partition, long lastOffset, List<Path> files) throws IOException {
        Path pending = new Path(layout.offsetsDir(topic, partition), PENDING_PREFIX + lastOffset);
        try (FSDataOutputStream out = fs.create(pending, true);
             Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (Path f : files) {
                w.write(f.toString());
                w.write('\n');
            }
            w.flush();
            out.hsync();
        }
    }

    /** Step 3 of a flush: the partition is archived up to and including {@code lastOffset}. */
    public void commitFlush(String topic, int partition, long lastOffset) throws IOException {
        Path dir = layout.offsetsDir(topic, partition);
        try (FSDataOutputStream out = fs.create(new Path(dir, String.valueOf(lastOffset)), true)) {
            out.hsync();
        }
        // Clean-up after the marker: a crash here leaves an older marker or the pending list, both harmless.
        for (FileStatus st : fs.listStatus(dir)) {
            String name = st.getPath().getName();
            OptionalLong marker = markerOffset(name);
            if (marker.isPresent() && marker.getAsLong() < lastOffset) {
                fs.delete(st.getPath(), false);
            } else if (name.equals(PENDING_PREFIX + lastOffset)) {
                fs.delete(st.getPath(), false);
            }
        }
    }

    /**
     * Removes what an incomplete flush of the partition left behind and says where reading resumes.
     *
     * @return the next offset to read, or empty when the partition was never archived (read from the beginning)
     */
    public OptionalLong recover(String topic, int partition) throws IOException {
        OptionalLong last = lastArchivedOffset(topic, partition);
        Path dir = layout.offsetsDir(topic, partition);
        if (fs.exists(dir)) {
            for (FileStatus st : fs.listStatus(dir)) {
                String name = st.getPath().getName();
                if (!name.startsWith(PENDING_PREFIX)) {
                    continue;
                }
                long pendingLast = Long.parseLong(name.substring(PENDING_PREFIX.length()));
                if (last.isEmpty() || pendingLast > last.getAsLong()) {
                    deleteFilesOf(st.getPath());
                    LOG.warn("archive recovery: partition {}:{} flush up to offset {} was incomplete, its files deleted",
                            topic, partition, pendingLast);
                }
                fs.delete(st.getPath(), false);
            }
        }
        return last.isPresent() ? OptionalLong.of(last.getAsLong() + 1) : OptionalLong.empty();
    }

    private void deleteFilesOf(Path pendingList) throws IOException {
        List<Path> files = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(pendingList), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.isBlank()) {
                    files.add(new Path(line));
                }
            }
        }
        for (Path f : files) {
            fs.delete(f, false);
            Optional<OffsetRangeFileName> name = OffsetRangeFileName.parse(f.getName());
            if (name.isPresent()) {
                fs.delete(new Path(f.getParent(), name.get().tempFileName()), false);
            }
        }
    }

    private static OptionalLong markerOffset(String name) {
        if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
