package io.silgeom.batch.archive;

import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.core.validation.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of the archiver, without Kafka's consumer: one {@link #write} call is one flush. It validates each
 * record (arrival time = the record timestamp, as the speed layer does), writes valid ones as {@link RawLine}s under
 * their event-time hour directory and invalid ones as dead letters under {@code quarantine/dt=<receive date>/}, one
 * file per partition and directory, and commits the flush per partition through the {@link ArchiveCommitLog}.
 *
 * <p>Order inside a flush: every partition's pending list, then every file (temporary name, then rename), then every
 * partition's commit marker. The caller commits the returned offsets to Kafka only after {@code write} returns.
 */
public final class ArchiveWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);

    private final FileSystem fs;
    private final HdfsLayout layout;
    private final ArticleValidator validator;
    private final ArchiveCommitLog commitLog;
    private final Clock clock;

    public ArchiveWriter(FileSystem fs, HdfsLayout layout, ArticleValidator validator, Clock clock) {
        this.fs = Objects.requireNonNull(fs, "fs");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commitLog = new ArchiveCommitLog(fs, layout);
    }

    /**
     * What one flush did. {@code nextOffsets} is what to commit to Kafka: last written offset + 1 per partition.
     * {@code maxEventTimes}: per partition with archived records, the largest event time among them (for the
     * watermark); {@code archivedByHour}: archived records per event hour (start of the hour).
     */
    public record FlushResult(Map<TopicPartition, Long> nextOffsets, int archived, int quarantined, int files,
                              Map<TopicPartition, Instant> maxEventTimes, Map<Instant, Integer> archivedByHour) {
        public FlushResult {
            nextOffsets = Map.copyOf(nextOffsets);
            maxEventTimes = Map.copyOf(maxEventTimes);
            archivedByHour = Map.copyOf(archivedByHour);
        }
    }

    /**
     * Cleans up an incomplete flush of the partition; see {@link ArchiveCommitLog#recover}.
     *
     * @return the next offset to read, or empty to read from the beginning
     */
    public OptionalLong recover(TopicPartition tp) throws IOException {
        return commitLog.recover(tp.topic(), tp.partition());
    }

    /** Writes one flush durably. Records of any number of partitions, in any order; none may be archived already. */
    public FlushResult write(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        long startNanos = System.nanoTime();
        Map<TopicPartition, PartitionFlush> flushes = new LinkedHashMap<>();
        records.stream()
                .sorted(Comparator.comparing((ConsumerRecord<byte[], byte[]> r) -> r.topic())
                        .thenComparingInt(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset))
                .forEach(r -> flushes.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), PartitionFlush::new).add(r));

        int archived = 0;
        int quarantined = 0;
        Map<TopicPartition, Instant> maxEventTimes = new LinkedHashMap<>();
        Map<Instant, Integer> archivedByHour = new TreeMap<>();
        for (PartitionFlush f : flushes.values()) {
            f.plan();
            archived += f.archived;
            quarantined += f.quarantined;
            if (f.maxEventTime != null) {
                maxEventTimes.put(f.tp, f.maxEventTime);
            }
            f.archivedByHour.forEach((h, n) -> archivedByHour.merge(h, n, Integer::sum));
        }
        for (PartitionFlush f : flushes.values()) {
            commitLog.beginFlush(f.tp.topic(), f.tp.partition(), f.lastOffset, f.finalPaths());
        }
        int files = 0;
        for (PartitionFlush f : flushes.values()) {
            for (Map.Entry<Path, List<Entry>> e : f.filesByDir.entrySet()) {
                writeFile(e.getKey(), f.tp.partition(), e.getValue());
                files++;
            }
        }
        Map<TopicPartition, Long> next = new LinkedHashMap<>();
        for (PartitionFlush f : flushes.values()) {
            commitLog.commitFlush(f.tp.topic(), f.tp.partition(), f.lastOffset);
            next.put(f.tp, f.lastOffset + 1);
        }
        if (!flushes.isEmpty()) {
            LOG.debug("archive flush: {} archived, {} quarantined, {} files, next offsets {}, took {} ms", archived, quarantined,
                    files, next, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
        return new FlushResult(next, archived, quarantined, files, maxEventTimes, archivedByHour);
    }

    private void writeFile(Path dir, int partition, List<Entry> entries) throws IOException {
        OffsetRangeFileName name = fileName(partition, entries);
        Path tmp = new Path(dir, name.tempFileName());
        Path dst = new Path(dir, name.fileName());
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            for (Entry e : entries) {
                out.write(e.line);
                out.write('\n');
            }
            out.hsync(); // durable before the rename makes it visible
        }
        if (!fs.rename(tmp, dst)) {
            throw new IOException("archive: cannot rename " + tmp + " to " + dst + " (does the target exist already?)");
        }
    }

    private static OffsetRangeFileName fileName(int partition, List<Entry> entries) {
        return new OffsetRangeFileName(partition, entries.get(0).offset, entries.get(entries.size() - 1).offset);
    }

    /** One line to write: its offset and bytes. */
    private record Entry(long offset, byte[] line) {
    }

    /** The part of a flush that belongs to one partition: its files, by directory. */
    private final class PartitionFlush {
        final TopicPartition tp;
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        final Map<Path, List<Entry>> filesByDir = new TreeMap<>();
        final Map<Instant, Integer> archivedByHour = new TreeMap<>();
        Instant maxEventTime;
        long lastOffset = -1;
        int archived;
        int quarantined;

        PartitionFlush(TopicPartition tp) {
            this.tp = tp;
        }

        void add(ConsumerRecord<byte[], byte[]> r) {
            records.add(r);
            lastOffset = Math.max(lastOffset, r.offset());
        }

        void plan() throws IOException {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                // NOTE: a record without a timestamp (old message format) is judged by the time it was archived.
                Instant receivedAt = r.timestamp() >= 0 ? Instant.ofEpochMilli(r.timestamp()) : clock.instant();
                byte[] value = r.value();
                Verdict verdict = validator.validate(value, receivedAt); // a null value (tombstone) is invalid
                if (verdict instanceof Verdict.Valid valid) {
                    KafkaPosition pos = new KafkaPosition(r.topic(), r.partition(), r.offset(), receivedAt);
                    Instant eventTime = valid.article().publishedAt();
                    Path dir = layout.rawHourDir(eventTime);
                    archivedByHour.merge(TimeBuckets.hourStart(eventTime), 1, Integer::sum);
                    if (maxEventTime == null || eventTime.isAfter(maxEventTime)) {
                        maxEventTime = eventTime;
                    }
                    filesByDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(new Entry(r.offset(), RawLine.encode(value, pos)));
                    archived++;
                } else {
                    Verdict.Invalid invalid = (Verdict.Invalid) verdict;
                    DeadLetter dl = new DeadLetter(invalid.reason(), receivedAt, r.topic(), r.partition(), r.offset(),
                            value == null ? "" : new String(value, StandardCharsets.UTF_8));
                    Path dir = layout.quarantineDir(receivedAt);
                    filesByDir.computeIfAbsent(dir, d -> new ArrayList<>()).add(new Entry(r.offset(), ArticleJson.encodeDeadLetter(dl)));
                    quarantined++;
                }
            }
        }

        List<Path> finalPaths() {
            List<Path> out = new ArrayList<>();
            filesByDir.forEach((dir, entries) -> out.add(new Path(dir, fileName(tp.partition(), entries).fileName())));
            return out;
        }
    }
}
