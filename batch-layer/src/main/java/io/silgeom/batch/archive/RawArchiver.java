package io.silgeom.batch.archive;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.validation.ArticleValidator;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every record of the articles topic to the raw archive in HDFS, exactly once (DESIGN.md §6): consumer group
 * {@code batch.group.id}, one consumer thread, no auto-commit.
 *
 * <p>The thread runs these steps, in this order:
 * <ol>
 *   <li>On assignment of a partition, {@link ArchiveWriter#recover}: delete the files of a flush that has no commit
 *       marker, then seek to (highest marker + 1), or to the beginning when nothing was ever archived. HDFS, not the
 *       group's committed offset, says where to resume.
 *   <li>Poll and buffer records until {@code archive.flush.interval} has passed (files roll by time),
 *       {@code archive.roll.bytes} are buffered (files roll by size), {@code archive.max.records} are buffered, or
 *       {@link #flush()} asks.
 *   <li>Flush: {@link ArchiveWriter#write} (files under temporary names, renames, then commit markers).
 *   <li>Only then {@code commitSync} the offsets, so the group's lag shows what is archived.
 *   <li>Move the {@link ArchiveWatermark} and let the {@link HourCloser} flag the hours it has passed by
 *       {@code archive.lateness} ({@code hr=HH/_SUCCESS}). Also on every flush interval without records, so that
 *       hours close while the topic is idle.
 * </ol>
 *
 * <p>A failed flush drops the buffer, pauses consumption, and re-runs step 1 for every assigned partition until
 * HDFS answers again: records are read again from Kafka rather than kept in memory across an outage.
 */
public final class RawArchiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RawArchiver.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration FLUSH_WAIT = Duration.ofMinutes(2);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** Between two looks of {@link #flushThrough} at how far the archiver has read. */
    private static final Duration CATCH_UP_PAUSE = Duration.ofMillis(250);
    /** {@code ,"_kafka":{"topic":…,"partition":…,"offset":…,"timestamp":…}} and the newline: about this much per line. */
    private static final int RAW_LINE_OVERHEAD_BYTES = 128;

    private final String topic;
    private final Duration flushInterval;
    private final int maxRecords;
    private final long rollBytes;
    private final ArchiveWriter writer;
    private final ArchiveCommitLog commitLog;
    private final HourCloser hourCloser;
    private final ArchiveWatermark watermark = new ArchiveWatermark();
    private final Consumer<byte[], byte[]> consumer;
    private final Clock clock;
    private final Queue<CompletableFuture<Void>> flushRequests = new ConcurrentLinkedQueue<>();
    /** Per {@code topic:partition}, the offset after the last record polled (and buffered, or written). */
    private final Map<String, Long> polledThrough = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<byte[], byte[]>> buffer = new ArrayList<>();
    private final Thread thread;

    private volatile boolean running = true;
    private volatile boolean resyncNeeded;
    private volatile Throwable lastError;
    private volatile Stats stats = new Stats(0, 0, 0, 0, null, null);
    private Instant lastFlushAt;
    private long bufferedBytes;
    /** True while a poll's records are being buffered: some are polled (lag 0) but neither buffered nor archived. */
    private boolean recordsInHand;
    private boolean warnedNotOwningTopic;

    /**
     * Counters for status pages, since start: records archived and quarantined, archived records that were late
     * (their hour had already been closed), flushes; the time of the last flush; the newest closed hour (or null).
     */
    public record Stats(long archived, long quarantined, long late, long flushes, Instant lastFlushAt, Instant closedThrough) {
    }

    RawArchiver(String topic, BatchConfig batch, FileSystem fs, HdfsLayout layout, ArticleValidator validator,
                Supplier<Consumer<byte[], byte[]>> consumerFactory, Clock clock) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.flushInterval = batch.flushInterval();
        this.maxRecords = batch.maxRecords();
        this.rollBytes = batch.rollBytes();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = new ArchiveWriter(fs, layout, validator, clock);
        this.commitLog = new ArchiveCommitLog(fs, layout);
        this.hourCloser = new HourCloser(fs, layout, topic, batch.lateness());
        this.consumer = consumerFactory.get();
        this.lastFlushAt = clock.instant();
        this.thread = new Thread(this::runLoop, "silgeom-archiver");
        // Daemon: a forgotten close() must not keep the JVM alive; nothing is lost, HDFS is where reading resumes.
        this.thread.setDaemon(true);
    }

    /**
     * Starts the archiver thread. The archive root is {@code hdfs.root} ({@code hdfs://…} or {@code file://…}).
     *
     * @param hadoop Hadoop configuration for the filesystem (see {@link io.silgeom.batch.config.LocalHadoopConfiguration})
     */
    public static RawArchiver start(CoreConfig core, BatchConfig batch, Configuration hadoop) throws IOException {
        HdfsLayout layout = HdfsLayout.of(core.hdfsRoot());
        FileSystem fs = FileSystem.get(URI.create(core.hdfsRoot()), hadoop);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, core.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, batch.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, batch.groupId());
        // Static membership: a restarted process takes its partitions back at once instead of after the session timeout.
        batch.groupInstanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Only used when a partition was never archived AND the archiver could not seek (it always seeks): earliest.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        RawArchiver archiver = new RawArchiver(core.articlesTopic(), batch, fs, layout,
                new ArticleValidator(core.maxRecordBytes()), () -> new KafkaConsumer<>(p), Clock.systemUTC());
        archiver.startThread();
        return archiver;
    }

    void startThread() {
        thread.start();
    }

    /**
     * Blocks until every record polled before this call is durably archived (files renamed, markers written).
     *
     * @throws IOException when that flush failed, or did not finish within two minutes
     */
    public void flush() throws IOException, InterruptedException {
        if (!running || !thread.isAlive()) {
            throw new IOException("archiver is not running" + (lastError == null ? "" : ": " + lastError));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        flushRequests.add(done);
        try {
            done.get(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("archive flush failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("archive flush did not finish within " + FLUSH_WAIT, e);
        }
    }

    /**
     * Blocks until the archive holds every record below {@code ends} (per {@code topic:partition}; e.g. the topic's end
     * offsets when an in-process batch run starts), or until {@code timeout} passed: while the archiver reads up to
     * them it flushes as usual (records, bytes, interval), and once it has polled them all one flush writes the rest. Why: {@link #flush()} writes only what was polled, and an archiver behind a burst (the
     * demo's backfill on a busy machine) would leave the run's snapshot without records the speed view already
     * counted: an hour short in the batch view until the next run, and a red reconciliation.
     *
     * <p>NOTE: an end offset is reached when the record just below it is archived, so the topic must hold records
     * only (no transaction markers, no compaction): true of the articles topic, written by idempotent producers
     * without transactions. A flush in progress when the timeout passes may add up to {@code FLUSH_WAIT}.
     *
     * @return false when the timeout passed first; the archive then holds less, and a batch run covers what it holds
     * @throws IOException when a flush failed or the archiver is not running
     */
    public boolean flushThrough(Map<String, Long> ends, Duration timeout) throws IOException, InterruptedException {
        Objects.requireNonNull(ends, "ends");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (reaches(archivedOffsets(), ends)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            // While the archiver reads up to the ends it flushes on its own (archive.max.records, roll.bytes, the
            // interval); one flush once it has read them all writes the rest, rather than a small file every pause.
            if (reaches(polledThrough, ends)) {
                flush();
                if (reaches(archivedOffsets(), ends)) {
                    return true;
                }
            }
            Thread.sleep(CATCH_UP_PAUSE.toMillis());
        }
    }

    private static boolean reaches(Map<String, Long> offsets, Map<String, Long> ends) {
        return ends.entrySet().stream().allMatch(e -> offsets.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Per {@code topic:partition}, the next offset not yet archived, as the HDFS commit markers say. */
    public Map<String, Long> archivedOffsets() throws IOException {
        return commitLog.archivedOffsets(topic);
    }

    public Stats stats() {
        return stats;
    }

    /** Stops polling, writes what is buffered, closes the consumer. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(CLOSE_WAIT.toMillis());
            if (thread.isAlive()) {
                LOG.error("archiver: thread did not stop within {}", CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runLoop() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                if (resyncNeeded) {
                    resync();
                }
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(POLL_TIMEOUT);
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                    break;
                }
                recordsInHand = true;
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (resyncNeeded) {
                        break; // a roll below failed: the rest of this poll is read again after recovery
                    }
                    buffer.add(r);
                    bufferedBytes += recordBytes(r);
                    if (bufferedBytes >= rollBytes) {
                        flushBuffer(); // roll by size inside a poll, so no file grows past roll.bytes + one record
                    }
                }
                recordsInHand = false;
                for (TopicPartition tp : resyncNeeded ? Set.<TopicPartition>of() : polled.partitions()) {
                    List<ConsumerRecord<byte[], byte[]>> records = polled.records(tp);
                    polledThrough.merge(KafkaPosition.partitionKey(tp.topic(), tp.partition()),
                            records.get(records.size() - 1).offset() + 1, Math::max);
                }
                boolean due = !Duration.between(lastFlushAt, clock.instant()).minus(flushInterval).isNegative();
                if (!flushRequests.isEmpty() || buffer.size() >= maxRecords || due) {
                    flushBuffer();
                }
            }
            if (!resyncNeeded) {
                flushBuffer();
            }
        } catch (RuntimeException e) {
            lastError = e;
            LOG.error("archiver: stopped by an error: {}", e.toString(), e);
        } finally {
            failWaiters(lastError == null ? new IOException("archiver stopped") : lastError);
            try {
                consumer.close();
            } catch (RuntimeException e) {
                LOG.warn("archiver: closing the consumer failed: {}", e.toString());
            }
        }
    }

    /** Writes the buffer as one flush, then commits its offsets to Kafka. Runs on the consumer thread only. */
    private void flushBuffer() {
        // Taken before writing: every waiter's records were polled before it asked, so they are in this flush.
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (CompletableFuture<Void> f = flushRequests.poll(); f != null; f = flushRequests.poll()) {
            waiters.add(f);
        }
        lastFlushAt = clock.instant();
        if (resyncNeeded) {
            // What was polled before is being read again from Kafka, not written: a waiter must not hear "done".
            IOException recovering = new IOException("archiver is recovering from a failed flush; records are being read again");
            waiters.forEach(w -> w.completeExceptionally(recovering));
            return;
        }
        if (buffer.isEmpty()) {
            closeHours();
            waiters.forEach(w -> w.complete(null));
            return;
        }
        ArchiveWriter.FlushResult result;
        try {
            result = writer.write(buffer);
        } catch (IOException | RuntimeException e) {
            LOG.error("archiver: flush of {} records failed, re-reading them from Kafka after recovery: {}", buffer.size(), e.toString());
            clearBuffer();
            resyncNeeded = true;
            consumer.pause(consumer.assignment());
            waiters.forEach(w -> w.completeExceptionally(e));
            return;
        }
        clearBuffer();
        result.maxEventTimes().forEach(watermark::advance);
        long late = countLate(result);
        Stats s = stats;
        stats = new Stats(s.archived() + result.archived(), s.quarantined() + result.quarantined(), s.late() + late,
                s.flushes() + 1, lastFlushAt, s.closedThrough());
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        result.nextOffsets().forEach((tp, next) -> commit.put(tp, new OffsetAndMetadata(next)));
        try {
            consumer.commitSync(commit);
        } catch (KafkaException e) {
            // NOTE: the data and markers are in HDFS already, which is where the archiver resumes from; the group
            // offset only feeds lag monitoring, so a failed commit is worth a warning, not a re-write.
            LOG.warn("archiver: offset commit failed (archive is complete, only lag reporting is behind): {}", e.toString());
        }
        closeHours();
        // After the commit attempt, so that a caller that flushed sees the group's offsets up to date too.
        waiters.forEach(w -> w.complete(null));
    }

    private void clearBuffer() {
        buffer.clear();
        bufferedBytes = 0;
    }

    private void dropBuffered(Collection<TopicPartition> partitions) {
        buffer.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        bufferedBytes = buffer.stream().mapToLong(RawArchiver::recordBytes).sum();
    }

    /** What the record will take in a file: its value plus the {@code "_kafka"} field and newline (estimated). */
    private static long recordBytes(ConsumerRecord<byte[], byte[]> r) {
        return (r.value() == null ? 0 : r.value().length) + RAW_LINE_OVERHEAD_BYTES;
    }

    /** Records of this flush whose hour was already closed: they arrived later than the allowed lateness. */
    private long countLate(ArchiveWriter.FlushResult result) {
        long late = 0;
        try {
            for (Map.Entry<Instant, Integer> e : result.archivedByHour().entrySet()) {
                if (hourCloser.isClosed(e.getKey())) {
                    late += e.getValue();
                }
            }
        } catch (IOException e) {
            LOG.warn("archiver: cannot read the closed-hour marker, late records not counted: {}", e.toString());
        }
        if (late > 0) {
            LOG.debug("archiver: {} records archived into hours already closed", late);
        }
        return late;
    }

    /**
     * Flags the hours the watermark has passed. Only when this archiver owns every partition of the topic: the
     * watermark of partitions another process reads is not known here, so closing an hour could be premature.
     * NOTE: with several archiver processes no hour is closed (issue 4); run one archiver per topic.
     */
    private void closeHours() {
        Collection<TopicPartition> assigned = consumer.assignment();
        if (recordsInHand || assigned.isEmpty() || !ownsWholeTopic(assigned)) {
            return;
        }
        Optional<Instant> w = watermark.current(assigned, this::caughtUp, clock.instant());
        if (w.isEmpty()) {
            return;
        }
        try {
            hourCloser.closeUpTo(w.get());
            Optional<Instant> closed = hourCloser.closedThrough();
            Stats s = stats;
            stats = new Stats(s.archived(), s.quarantined(), s.late(), s.flushes(), s.lastFlushAt(), closed.orElse(null));
        } catch (IOException | RuntimeException e) {
            // The data is safe; only the flags are behind. The next flush interval tries again.
            LOG.warn("archiver: closing hours up to watermark {} failed, retrying: {}", w.get(), e.toString());
        }
    }

    private boolean caughtUp(TopicPartition tp) {
        OptionalLong lag = consumer.currentLag(tp);
        return lag.isPresent() && lag.getAsLong() <= 0;
    }

    private boolean ownsWholeTopic(Collection<TopicPartition> assigned) {
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic);
        } catch (KafkaException e) {
            LOG.debug("archiver: no partition metadata for {}: {}", topic, e.toString());
            return false;
        }
        boolean owns = partitions != null && !partitions.isEmpty() && partitions.stream()
                .allMatch(pi -> assigned.contains(new TopicPartition(topic, pi.partition())));
        if (!owns && !warnedNotOwningTopic) {
            LOG.info("archiver: owning {} of {} partitions of {}: hours are not closed (_SUCCESS) by this process",
                    assigned.size(), partitions == null ? 0 : partitions.size(), topic);
        }
        warnedNotOwningTopic = !owns;
        return owns;
    }

    /** After a failed flush: clean up and seek back for every assigned partition, then resume. */
    private void resync() {
        try {
            Collection<TopicPartition> assigned = consumer.assignment();
            seekToArchived(assigned);
            consumer.resume(assigned);
            resyncNeeded = false;
            LOG.info("archiver: recovered after a failed flush, partitions {}", assigned);
        } catch (IOException | RuntimeException e) {
            LOG.warn("archiver: recovery failed, retrying in {}: {}", flushInterval, e.toString());
            sleepQuietly(flushInterval);
        }
    }

    private void seekToArchived(Collection<TopicPartition> partitions) throws IOException {
        // What was polled beyond the archive is read again: flushThrough must not take it for polled any more.
        partitions.forEach(tp -> polledThrough.remove(KafkaPosition.partitionKey(tp.topic(), tp.partition())));
        List<TopicPartition> fromBeginning = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            OptionalLong next = writer.recover(tp);
            if (next.isPresent()) {
                consumer.seek(tp, next.getAsLong());
            } else {
                fromBeginning.add(tp);
            }
        }
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
    }

    private void failWaiters(Throwable cause) {
        for (CompletableFuture<Void> f = flushRequests.poll(); f != null; f = flushRequests.poll()) {
            f.completeExceptionally(cause);
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Seeks on assignment; flushes before partitions go to another member so nothing buffered is lost. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!resyncNeeded) {
                flushBuffer();
            }
            dropBuffered(partitions);
            watermark.forget(partitions);
            partitions.forEach(tp -> polledThrough.remove(KafkaPosition.partitionKey(tp.topic(), tp.partition())));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Another member may own them already: writing now could race it. The owner re-reads from the markers.
            dropBuffered(partitions);
            watermark.forget(partitions);
            partitions.forEach(tp -> polledThrough.remove(KafkaPosition.partitionKey(tp.topic(), tp.partition())));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                seekToArchived(partitions);
                LOG.info("archiver: assigned {}", partitions);
            } catch (IOException | RuntimeException e) {
                LOG.error("archiver: cannot read the archive's commit markers, pausing until HDFS answers: {}", e.toString());
                resyncNeeded = true;
                consumer.pause(partitions);
            }
        }
    }
}
