package io.silgeom.speed.consume;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.article.Article;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.Verdict;
import io.silgeom.speed.apply.ApplyResult;
import io.silgeom.speed.apply.PartitionBatch;
import io.silgeom.speed.apply.SpeedRetention;
import io.silgeom.speed.apply.SpeedViewWriter;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.rebuild.GenerationSweeper;
import io.silgeom.speed.rebuild.Generations;
import io.silgeom.speed.rebuild.RebuildStart;
import io.silgeom.core.view.BatchCutoff;
import java.time.Clock;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The speed layer: one consumer thread that reads the articles topic as group {@code silgeom-speed} and
 * keeps the Redis speed view (DESIGN.md §5) up to date, each partition's counts and offset in one atomic step.
 *
 * <p>Every record, in offset order within its partition:
 * <ol>
 *   <li>Validate it with the Kafka record timestamp as {@code receivedAt}, as the raw archiver does. Invalid:
 *       send {@code {reason, receivedAt, topic, partition, offset, raw}} to the dead-letter topic, key = the
 *       record's key; the record still moves its partition's offset on.
 *   <li>Valid but late (event time before the published batch cutoff, see {@link CutoffWatcher}): count it in
 *       {@code late}, do not apply it; it still moves the offset on.
 *   <li>Otherwise analyze it ({@link ArticleAnalyzer}) and add it to its partition's {@link PartitionBatch}.
 * </ol>
 * Every {@code speed.flush.interval}, or as soon as {@code speed.max.batch.records} are buffered:
 * <ol start="4">
 *   <li>Flush the dead-letter producer and check every send succeeded: an offset must never move past an
 *       invalid record that is not safely in the dead-letter topic.
 *   <li>Per partition, one Lua call ({@link SpeedViewWriter#apply}) applies the batch's counts and its last
 *       offset, even when the batch holds only invalid or late records, so the stored offset moves on. With
 *       {@code speed.apply.background} (the default) helper threads build the calls ({@link SpeedViewWriter#prepare}),
 *       send them on one pipeline and wait for the answers while this thread reads and analyzes the next records. At
 *       most {@link FlushPipeline#MAX_IN_FLIGHT} (2) flushes are in flight: Redis runs one while the next one's calls are
 *       built, counting on the first as applied, and sent only once it is; a rebalance, a rebuild step and shutdown
 *       first settle them all.
 *   <li>Once that flush is done, commit the same offsets to Kafka (on this thread, which owns the consumer). For
 *       monitoring only: Redis's offsets decide where a partition resumes.
 * </ol>
 *
 * <p>A partition assigned to this consumer is paused until it is positioned at the offset stored in Redis
 * plus one, which is committed to Kafka at the next flush (the previous owner may have died between an apply and its
 * commit); a partition this generation never applied starts from Kafka's committed offset, else the
 * earliest. A revoked partition's buffered batch is applied before it goes. A failed flush (Redis or the
 * dead-letter topic unreachable) drops the unapplied batches, and whatever was buffered after them, seeks their
 * partitions back to the first unapplied offset and retries after a pause: reading again is safe, the apply skips
 * what Redis already holds.
 * Dead letters are at least once: a retried batch sends its invalid records again.
 *
 * <p>{@link #rebuild()} rewrites the speed view into a new generation on this same thread, with a second consumer
 * that never reads past this one, and switches {@code sg:speed:current} between two polls (docs/speed-layer.md,
 * "Rebuild").
 */
public final class SpeedLayer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayer.class);
    /** Longest poll; keeps flushes, status writes and close() prompt when the topic is quiet. */
    static final Duration MAX_POLL_TIMEOUT = Duration.ofMillis(200);
    /**
     * How long a clean stop keeps trying its last Kafka commit while the group rebalances. A rebalance can wait for a
     * dead member's session to expire (`speed.session.timeout`, 10 s by default), so a second of tries was not enough;
     * this stays under {@link #CLOSE_TIMEOUT}.
     */
    static final Duration FINAL_COMMIT_PATIENCE = Duration.ofSeconds(12);
    /** Pause after a failed flush or a failed positioning, before trying again. */
    static final Duration RETRY_BACKOFF = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for the loop to apply, commit and close its clients. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Longest poll of the rebuild consumer per loop turn: the live records keep their pace during a rebuild. */
    static final Duration REBUILD_POLL_TIMEOUT = Duration.ofMillis(50);
    /**
     * How long the replaced generation is kept after a switch: a query that read {@code sg:speed:current} just before
     * it may still be reading the old keys.
     */
    static final Duration OLD_GENERATION_GRACE = Duration.ofSeconds(60);
    /** A rebuild is abandoned if this process does not own every partition of the topic this long after it began. */
    static final Duration REBUILD_OWNERSHIP_TIMEOUT = Duration.ofSeconds(60);

    private enum State { NEW, RUNNING, DONE }

    private final SpeedConfig config;
    private final String topic;
    private final String dlqTopic;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final AutoCloseable redisOwner;
    private final ArticleValidator validator;
    private final ArticleAnalyzer analyzer;
    private final Clock clock;
    private final UnifiedJedis redis;
    private final SpeedRetention retention;
    private final Supplier<Consumer<byte[], byte[]>> rebuildConsumers;
    private final GenerationSweeper sweeper;
    private volatile SpeedViewWriter writer;
    private final CutoffWatcher cutoffs;
    private final SpeedMetrics metrics;
    private final SpeedStatusWriter status;
    private final Duration pollTimeout;

    // Owned by the consumer thread (the rebalance listener runs on it too, inside poll()).
    private final Map<TopicPartition, PartitionBatch> batches = new LinkedHashMap<>();
    private final Set<TopicPartition> unpositioned = new LinkedHashSet<>();
    private int buffered;
    private Instant nextFlush;
    private Instant nextPositionAttempt = Instant.MIN;
    private boolean deadLettersUnflushed;

    private final AtomicReference<Exception> deadLetterFailure = new AtomicReference<>();
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private State state = State.NEW;
    private volatile Thread loopThread;

    /** The rebuild requested or in progress, if any (set by {@link #rebuild()}, cleared by the loop when it ends). */
    private final AtomicReference<CompletableFuture<String>> requestedRebuild = new AtomicReference<>();
    private Rebuild rebuild;   // the consumer thread's
    private ScheduledExecutorService sweeps;   // created at the first switch
    /** Generations waiting to be deleted; whatever is left when the layer stops is deleted then. */
    private final Set<String> unswept = ConcurrentHashMap.newKeySet();
    /** Judges the records of a poll on {@code speed.analysis.threads} threads, the consumer thread included. */
    private final OrderedParallelMap analysis;
    /** Background flushes sent and not yet settled; the consumer thread's. */
    private final FlushPipeline flushes;
    /** Applied offsets whose Kafka commit has not succeeded yet; the consumer thread's. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

    SpeedLayer(SpeedConfig config, String topic, String dlqTopic, Consumer<byte[], byte[]> consumer,
               Producer<byte[], byte[]> producer, UnifiedJedis redis, AutoCloseable redisOwner,
               ArticleValidator validator, ArticleAnalyzer analyzer, MeterRegistry registry, Clock clock) {
        this(config, topic, dlqTopic, consumer, producer, redis, redisOwner, validator, analyzer, registry, clock, () -> {
            throw new UnsupportedOperationException("this speed layer has no rebuild consumer");
        });
    }

    /** @param rebuildConsumers a new consumer for a rebuild: no group, no auto commit, read_committed */
    SpeedLayer(SpeedConfig config, String topic, String dlqTopic, Consumer<byte[], byte[]> consumer,
               Producer<byte[], byte[]> producer, UnifiedJedis redis, AutoCloseable redisOwner,
               ArticleValidator validator, ArticleAnalyzer analyzer, MeterRegistry registry, Clock clock,
               Supplier<Consumer<byte[], byte[]>> rebuildConsumers) {
        this.config = Objects.requireNonNull(config, "config");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.dlqTopic = Objects.requireNonNull(dlqTopic, "dlqTopic");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.redisOwner = Objects.requireNonNull(redisOwner, "redisOwner");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.redis = Objects.requireNonNull(redis, "redis");
        this.retention = SpeedRetention.of(config);
        this.rebuildConsumers = Objects.requireNonNull(rebuildConsumers, "rebuildConsumers");
        this.sweeper = new GenerationSweeper(redis);
        this.writer = SpeedViewWriter.open(redis, retention, config.evidenceLimits(), clock);
        this.cutoffs = CutoffWatcher.fromRedis(redis, clock);
        this.status = new SpeedStatusWriter(redis, config.statusInterval(), clock);
        this.metrics = new SpeedMetrics(Objects.requireNonNull(registry, "registry"));
        this.pollTimeout = config.flushInterval().compareTo(MAX_POLL_TIMEOUT) < 0 ? config.flushInterval() : MAX_POLL_TIMEOUT;
        this.nextFlush = clock.instant().plus(config.flushInterval());
        this.flushes = new FlushPipeline(metrics);
        this.analysis = new OrderedParallelMap(config.analysisThreads(), "silgeom-speed-analysis");
        consumer.subscribe(List.of(topic), new Rebalance());
    }

    /**
     * Connects to Kafka and Redis (as {@code core} says) and returns a speed layer that is not running yet:
     * call {@link #run()} on the thread that should own the consumer, and {@link #close()} to stop it.
     *
     * @param registry where the meters go; {@code null} for a private {@link SimpleMeterRegistry}
     */
    public static SpeedLayer create(SpeedConfig config, CoreConfig core, ArticleAnalyzer analyzer, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(core, "core");
        // NOTE: one apply is one Lua call over a whole batch, which can take seconds on a loaded machine; Jedis's 2 s
        // default read timeout turned such slow applies into failures and re-reads.
        RedisClient redis = RedisClient.builder().hostAndPort(core.redisHost(), core.redisPort())
                .clientConfig(DefaultJedisClientConfig.builder().socketTimeoutMillis(
                        Math.toIntExact(config.redisTimeout().toMillis())).build())
                .build();
        KafkaConsumer<byte[], byte[]> consumer = null;
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            consumer = new KafkaConsumer<>(consumerProperties(config, core), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            producer = new KafkaProducer<>(producerProperties(core), new ByteArraySerializer(), new ByteArraySerializer());
            return new SpeedLayer(config, core.articlesTopic(), core.dlqTopic(), consumer, producer, redis, redis,
                    new ArticleValidator(core.maxRecordBytes()), analyzer,
                    registry == null ? new SimpleMeterRegistry() : registry, Clock.systemUTC(),
                    () -> new KafkaConsumer<>(rebuildConsumerProperties(config, core), new ByteArrayDeserializer(),
                            new ByteArrayDeserializer()));
        } catch (RuntimeException e) {
            // Nothing half-started stays open.
            closeQuietly(consumer, "consumer", e);
            closeQuietly(producer, "producer", e);
            closeQuietly(redis, "redis", e);
            throw e;
        }
    }

    /** {@link #create} and run on a new thread named {@code silgeom-speed}; stop it with {@link #close()}. */
    public static SpeedLayer start(SpeedConfig config, CoreConfig core, ArticleAnalyzer analyzer, MeterRegistry registry) {
        SpeedLayer layer = create(config, core, analyzer, registry);
        Thread thread = new Thread(layer, "silgeom-speed");
        thread.start();
        return layer;
    }

    /**
     * {@link #start(SpeedConfig, CoreConfig, ArticleAnalyzer, MeterRegistry)} with the content policy and keyword
     * analysis both views run ({@link DocumentAnalyzer}): what production uses.
     */
    public static SpeedLayer start(SpeedConfig config, CoreConfig core, DocumentAnalyzer analyzer, MeterRegistry registry) {
        return start(config, core, ArticleAnalyzer.of(analyzer), registry);
    }

    /**
     * Keyword analysis alone, without the content filter or the blocklist: for tests whose expected counts come from
     * {@link KeywordExtractor} directly. A deployment uses {@link #start(SpeedConfig, CoreConfig, DocumentAnalyzer,
     * MeterRegistry)}, as the batch layer does, or the two views would not agree.
     */
    public static SpeedLayer start(SpeedConfig config, CoreConfig core, KeywordExtractor extractor, MeterRegistry registry) {
        return start(config, core, ArticleAnalyzer.of(extractor), registry);
    }

    /** {@link #start(SpeedConfig, CoreConfig, KeywordExtractor, MeterRegistry)} with a private meter registry. */
    public static SpeedLayer start(SpeedConfig config, CoreConfig core, KeywordExtractor extractor) {
        return start(config, core, extractor, null);
    }

    static Properties consumerProperties(SpeedConfig config, CoreConfig core) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, core.kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets are stored in Redis with the counts; Kafka commits happen after each apply, for monitoring.
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // A partition with no offset anywhere is read from its start: the speed view must see every article.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Aborted transactional writes are never counted.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxBatchRecords()));
        // A killed speed process's partitions wait this long for a new owner (Kafka's default is 45 s).
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(config.sessionTimeout().toMillis() / 3));
        return p;
    }

    /** The rebuild consumer: assigned partitions, no group (nothing to commit: Redis holds the new generation's offsets). */
    static Properties rebuildConsumerProperties(SpeedConfig config, CoreConfig core) {
        Properties p = consumerProperties(config, core);
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-rebuild");
        return p;
    }

    static Properties producerProperties(CoreConfig core) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, core.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    /** The consumer loop: runs until {@link #close()}; then applies what it read, commits and closes its clients. */
    @Override
    public void run() {
        synchronized (this) {
            if (state == State.DONE) {
                return;   // closed before it ever ran
            }
            if (state == State.RUNNING) {
                throw new IllegalStateException("speed layer: already running");
            }
            state = State.RUNNING;
            loopThread = Thread.currentThread();
        }
        LOG.info("speed layer: consuming {} as group {} into speed view generation {}", topic, config.groupId(), writer.generation());
        rebuildIfWrittenWithRollUps();
        try {
            while (closeRequested.getCount() > 0) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    LOG.debug("speed layer: woken up to close");
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("speed layer: stopped by an unexpected error; the speed view no longer advances", e);
        } finally {
            shutdown();
            synchronized (this) {
                state = State.DONE;
            }
            stopped.countDown();
        }
    }

    /** True while the consumer loop runs. */
    public synchronized boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Counters since this speed layer started. */
    public SpeedStats stats() {
        return metrics.stats();
    }

    /** The speed-view generation this speed layer writes. */
    public String generation() {
        return writer.generation();
    }

    /**
     * Starts a rebuild of the speed view and returns at once; the consumer thread does the work (docs/speed-layer.md,
     * "Rebuild"): a new generation is written from the published batch view's offsets by a second consumer, through
     * the same apply path, while this one keeps the current generation up to date; when both have read the same
     * records, {@code sg:speed:current} switches to the new generation in one write and this layer writes it from then
     * on. The old generation is deleted {@link #OLD_GENERATION_GRACE} later.
     *
     * @return completes with the new generation once it is current, or exceptionally if the rebuild was abandoned
     * @throws IllegalStateException if a rebuild is already running, or the speed layer is closed
     */
    public CompletableFuture<String> rebuild() {
        CompletableFuture<String> done = new CompletableFuture<>();
        synchronized (this) {
            if (state == State.DONE || closeRequested.getCount() == 0) {
                throw new IllegalStateException("the speed layer is closed");
            }
            if (!requestedRebuild.compareAndSet(null, done)) {
                throw new IllegalStateException("a speed-view rebuild is already running");
            }
        }
        LOG.info("speed layer: rebuild of the speed view requested");
        return done;
    }

    /**
     * A speed view written before session 4 holds roll-up slices (an {@code all:all} hour bucket) and no list of its
     * leaves, so readers, which now sum the listed leaves, would find nothing in it: rebuild it from Kafka (DESIGN.md
     * section 9), as an operator would with {@code silgeom speed --rebuild}. Looks at the hours the view still keeps.
     * Runs when the loop starts; package-private for tests.
     *
     * @return whether a rebuild was requested
     */
    boolean rebuildIfWrittenWithRollUps() {
        String generation = writer.generation();
        Instant now = clock.instant();
        List<String> totals = new ArrayList<>();
        for (Instant h = now.minus(retention.hourRetention()); !h.isAfter(now); h = h.plus(Duration.ofHours(1))) {
            totals.add(RedisKeys.speedHour(generation, TimeBuckets.hourId(h), Slice.TOTAL));
        }
        try {
            if (redis.exists(totals.toArray(String[]::new)) > 0) {
                LOG.warn("speed layer: speed view generation {} was written with roll-up slices (before leaf slices); "
                        + "rebuilding it from Kafka into a new generation", generation);
                rebuild().whenComplete((g, e) -> {
                    if (e != null) {
                        LOG.error("speed layer: the rebuild of the roll-up speed view failed; run silgeom speed --rebuild", e);
                    }
                });
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warn("speed layer: could not check the speed view's layout: {}", e.toString());
        }
        return false;
    }

    /** True while a rebuild is requested or running. */
    public boolean isRebuilding() {
        return requestedRebuild.get() != null;
    }

    /**
     * Stops the loop: wakes the consumer, lets it apply and commit what it read, closes Kafka and Redis
     * clients. Waits at most {@link #CLOSE_TIMEOUT}. Idempotent; safe from any thread, e.g. a shutdown hook.
     */
    @Override
    public void close() {
        boolean neverRan;
        synchronized (this) {
            closeRequested.countDown();
            neverRan = state == State.NEW;
            if (neverRan) {
                state = State.DONE;
            }
        }
        if (neverRan) {
            release();
            stopped.countDown();
            return;
        }
        if (stopped.getCount() == 0 || Thread.currentThread() == loopThread) {
            return;
        }
        consumer.wakeup();
        try {
            if (!stopped.await(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("speed layer: did not stop within {}; unapplied records will be read again on restart", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One turn of the loop: poll, handle the records, flush if due, report. Package-private for tests. */
    void pollOnce() {
        while (flushes.oldestIsDone()) {
            settleOldest(true);   // settle (commit) a finished flush now, not at the next flush
        }
        cutoffs.refreshIfDue();
        positionPending();
        ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
        if (!records.isEmpty()) {
            List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>(records.count());
            records.forEach(polled::add);
            // Analysis, most of the work, on speed.analysis.threads threads; the effects in offset order here.
            List<JudgedRecord> judged = analysis.map(polled, this::judge);
            for (int i = 0; i < polled.size(); i++) {
                handle(polled.get(i), judged.get(i));
            }
        }
        if (buffered >= config.maxBatchRecords() || !clock.instant().isBefore(nextFlush)) {
            if (config.applyInBackground()) {
                flushInBackground();
            } else {
                flush();
            }
        }
        rebuildTurn();
        updateLags();
        status.writeIfDue(metrics);
    }

    /** Applies every buffered batch now and waits until it is in Redis. Package-private for tests. */
    void flush() {
        flushPartitions(new ArrayList<>(batches.keySet()), true);
        if (rebuild != null) {
            flushRebuild();
        }
        nextFlush = clock.instant().plus(config.flushInterval());
    }

    /**
     * The loop's flush with {@code speed.apply.background}: settles the oldest flush in flight if
     * {@link FlushPipeline#MAX_IN_FLIGHT} are, then hands the buffered batches to the {@link FlushPipeline} and returns:
     * this thread reads and analyzes the next records meanwhile, and {@link #pollOnce} settles a finished flush early.
     */
    private void flushInBackground() {
        while (flushes.isFull()) {
            settleOldest(true);
        }
        List<TopicPartition> pending = new ArrayList<>(batches.keySet());
        if (pending.isEmpty()) {
            commit(Map.of());   // offsets whose commit failed before, or a resumed partition's (positionPending)
        } else if (!flushDeadLetters()) {
            dropBatches(pending, true);
        } else {
            Map<TopicPartition, PartitionBatch> taken = new LinkedHashMap<>();
            for (TopicPartition tp : pending) {
                PartitionBatch batch = batches.remove(tp);
                buffered -= batch.records();
                taken.put(tp, batch);
            }
            flushes.submit(writer, taken);
        }
        if (rebuild != null) {
            flushRebuild();
        }
        nextFlush = clock.instant().plus(config.flushInterval());
    }

    /** Waits for every flush in flight, oldest first, and settles it ({@link #settleOldest}). */
    private void awaitInFlight(boolean retryLater) {
        while (!flushes.isEmpty()) {
            settleOldest(retryLater);
        }
    }

    /**
     * Waits for the oldest flush in flight and settles it on the consumer thread: commits what it applied. If it did
     * not apply every batch (the later flushes in flight then fail with it: see {@link FlushPipeline#settleOldest}),
     * per partition whatever was buffered after the first unapplied batch is dropped and the partition is sought back
     * to that batch's first offset.
     *
     * @param retryLater after a failure, pause before reading again (false when the partitions are going anyway)
     */
    private void settleOldest(boolean retryLater) {
        FlushPipeline.Settlement settled = flushes.settleOldest();
        if (settled == null) {
            return;
        }
        commit(settled.applied());
        if (settled.failed().isEmpty()) {
            return;
        }
        LOG.error("speed layer: applying to Redis failed for {}; {}", settled.failed().keySet(), retryLater
                ? "reading the unapplied records again after " + RETRY_BACKOFF : "they will be read again",
                settled.failure());
        Set<TopicPartition> assigned = consumer.assignment();
        settled.failed().forEach((tp, batch) -> {
            PartitionBatch later = batches.remove(tp);
            if (later != null) {
                buffered -= later.records();
            }
            if (assigned.contains(tp)) {
                consumer.seek(tp, batch.firstOffset());
            }
        });
        if (retryLater) {
            pause();
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, JudgedRecord judged) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        PartitionBatch batch = batches.computeIfAbsent(tp, p -> new PartitionBatch(p.topic(), p.partition()));
        buffered++;
        record(r, judged, batch, true);
    }

    /**
     * Validates, applies the late rule, analyzes and adds the record to {@code batch}: the one path of the live
     * layer and of a rebuild, so both count a record identically.
     *
     * @param live false for a rebuild: it sends no dead letters (the live layer sent them when it read the record)
     *             and leaves the live counters alone
     */
    private void classify(ConsumerRecord<byte[], byte[]> r, PartitionBatch batch, boolean live) {
        record(r, judge(r), batch, live);
    }

    /** Validation, the late rule and analysis, without side effects: runs on any analysis thread. */
    private JudgedRecord judge(ConsumerRecord<byte[], byte[]> r) {
        // NOTE: the Kafka timestamp is receivedAt, as in the raw archiver, so both judge a record identically.
        Instant receivedAt = r.timestamp() >= 0 ? Instant.ofEpochMilli(r.timestamp()) : null;
        Verdict verdict = validator.validate(r.value(), receivedAt);
        if (verdict instanceof Verdict.Invalid invalid) {
            return new JudgedRecord.Invalid(invalid.reason(), receivedAt);
        }
        Article article = ((Verdict.Valid) verdict).article();
        if (cutoffs.isLate(article.publishedAt())) {
            return new JudgedRecord.Late(article);
        }
        try {
            Analysis analysis = analyzer.analyze(article);
            return analysis.filtered() ? new JudgedRecord.Filtered(article) : new JudgedRecord.Counted(article, analysis,
                    PartitionBatch.sortedKeywords(analysis));
        } catch (RuntimeException e) {
            return new JudgedRecord.AnalysisFailed(article, e, receivedAt);
        }
    }

    /** The effects of a judged record, on the consumer thread and in offset order: dead letters, counters, batch. */
    private void record(ConsumerRecord<byte[], byte[]> r, JudgedRecord judged, PartitionBatch batch, boolean live) {
        if (judged instanceof JudgedRecord.Counted counted) {
            batch.count(r.offset(), counted.article(), counted.analysis(), counted.sortedKeywords());
            return;
        }
        if (judged instanceof JudgedRecord.Invalid invalid) {
            if (live) {
                deadLetter(r, invalid.reason(), invalid.receivedAt());
            }
        } else if (judged instanceof JudgedRecord.Late late) {
            if (live) {
                metrics.late();
            }
            LOG.debug("speed layer: article {} at {}:{}:{} is late (published {}, before the cutoff)",
                    late.article().id(), r.topic(), r.partition(), r.offset(), late.article().publishedAt());
        } else if (judged instanceof JudgedRecord.Filtered) {
            // The content policy excludes it from every count (DESIGN.md §4); the batch layer does the same.
            if (live) {
                metrics.filtered();
            }
        } else if (judged instanceof JudgedRecord.AnalysisFailed failed) {
            LOG.error("speed layer: analysis of article {} at {}:{}:{} failed, {}", failed.article().id(), r.topic(),
                    r.partition(), r.offset(), live ? "sending it to " + dlqTopic : "not counted in the rebuild",
                    failed.error());
            if (live) {
                deadLetter(r, "analysis failed: " + failed.error(), failed.receivedAt());
            }
        }
        batch.pass(r.offset());
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Instant receivedAt) {
        Instant at = receivedAt != null ? receivedAt : clock.instant();
        deadLettersUnflushed = true;
        try {
            producer.send(DeadLetterRecords.toDlq(dlqTopic, r, reason, at), (meta, e) -> {
                if (e != null) {
                    deadLetterFailure.compareAndSet(null, e);
                }
            });
        } catch (KafkaException e) {
            deadLetterFailure.compareAndSet(null, e);
        }
        metrics.deadLetter();
        LOG.debug("speed layer: {}:{}:{} to {}: {}", r.topic(), r.partition(), r.offset(), dlqTopic, reason);
    }

    /**
     * Applies the buffered batches of {@code partitions}, then commits what was applied to Kafka.
     *
     * @param retryLater on failure, seek the partitions back to their first buffered offset and pause;
     *                   false when they are being given up anyway (revoked, closing)
     */
    private void flushPartitions(Collection<TopicPartition> partitions, boolean retryLater) {
        awaitInFlight(retryLater);
        List<TopicPartition> pending = partitions.stream().filter(batches::containsKey).toList();
        if (pending.isEmpty()) {
            commit(Map.of());   // offsets whose commit failed before, or a resumed partition's, while still ours
            return;
        }
        if (!flushDeadLetters()) {
            dropBatches(pending, retryLater);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
        try {
            for (TopicPartition tp : pending) {
                PartitionBatch batch = batches.get(tp);
                long startNanos = System.nanoTime();
                ApplyResult result = writer.apply(batch);
                metrics.recordApply(result, Duration.ofNanos(System.nanoTime() - startNanos));
                batches.remove(tp);
                buffered -= batch.records();
                applied.put(tp, new OffsetAndMetadata(batch.lastOffset() + 1));
            }
        } catch (RuntimeException e) {
            LOG.error("speed layer: applying to Redis failed; {}", retryLater
                    ? "reading the unapplied records again after " + RETRY_BACKOFF : "they will be read again by the next owner", e);
            dropBatches(pending.stream().filter(batches::containsKey).toList(), retryLater);
        } finally {
            commit(applied);
        }
    }

    /** Flushes the dead-letter producer; false if any dead letter since the last flush was not written. */
    private boolean flushDeadLetters() {
        if (!deadLettersUnflushed) {
            return true;
        }
        try {
            producer.flush();
        } catch (KafkaException e) {
            deadLetterFailure.compareAndSet(null, e);
        }
        deadLettersUnflushed = false;
        Exception failure = deadLetterFailure.getAndSet(null);
        if (failure != null) {
            LOG.error("speed layer: a dead letter could not be written to {}; not moving offsets past it: {}", dlqTopic, failure.toString());
            return false;
        }
        return true;
    }

    private void dropBatches(Collection<TopicPartition> partitions, boolean retryLater) {
        Set<TopicPartition> assigned = retryLater ? consumer.assignment() : Set.of();
        for (TopicPartition tp : partitions) {
            PartitionBatch batch = batches.remove(tp);
            buffered -= batch.records();
            if (assigned.contains(tp)) {
                consumer.seek(tp, batch.firstOffset());
            }
        }
        if (retryLater) {
            pause();
        }
    }

    /**
     * Commits {@code offsets}, and any earlier ones whose commit failed, for the partitions this consumer owns. A
     * failed commit (a rebalance in progress, the coordinator moving) is kept and sent again with the next one, so the
     * committed offsets catch up with Redis's as soon as Kafka accepts a commit.
     */
    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> uncommitted.merge(tp, o, (a, b) -> a.offset() >= b.offset() ? a : b));
        uncommitted.keySet().retainAll(consumer.assignment());
        if (uncommitted.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> attempt = new HashMap<>(uncommitted);
        boolean done;
        try {
            done = commitSync(attempt);
        } catch (WakeupException e) {
            // close() woke the consumer during the commit; the wakeup is spent, so commit once more.
            done = commitSync(attempt);
        }
        if (done) {
            LOG.debug("speed layer: committed to Kafka: {}", attempt);
            attempt.forEach((tp, o) -> uncommitted.remove(tp, o));
        }
    }

    private boolean commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("speed layer: Kafka commit failed, retried with the next one (monitoring only: Redis holds the "
                    + "offsets): {}", e.toString());
            return false;
        }
    }

    /** Seeks newly assigned partitions to Redis's offset + 1 and resumes them; retried while Redis fails. */
    private void positionPending() {
        if (unpositioned.isEmpty() || clock.instant().isBefore(nextPositionAttempt)) {
            return;
        }
        for (TopicPartition tp : List.copyOf(unpositioned)) {
            OptionalLong stored;
            try {
                stored = writer.storedOffset(tp.topic(), tp.partition());
            } catch (RuntimeException e) {
                LOG.error("speed layer: cannot read the stored offset of {} from Redis; {} stays paused, retrying in {}: {}",
                        tp, tp, RETRY_BACKOFF, e.toString());
                nextPositionAttempt = clock.instant().plus(RETRY_BACKOFF);
                return;
            }
            if (stored.isPresent()) {
                consumer.seek(tp, stored.getAsLong() + 1);
                // Kafka's committed offset may be behind Redis's (the previous owner was killed between its apply and
                // its commit): commit Redis's at the next flush, even if no new record comes, so the group's lag
                // (kafka-consumer-groups) does not show records that are already applied.
                uncommitted.put(tp, new OffsetAndMetadata(stored.getAsLong() + 1));
                LOG.info("speed layer: {} resumes at offset {} (last applied to Redis: {})", tp, stored.getAsLong() + 1, stored.getAsLong());
            } else {
                LOG.info("speed layer: {} has no offset in speed view generation {}; resuming at Kafka's committed offset, else the earliest",
                        tp, writer.generation());
            }
            consumer.resume(List.of(tp));
            unpositioned.remove(tp);
        }
    }

    // --- rebuild (docs/speed-layer.md, "Rebuild"); everything below runs on the consumer thread ---

    /** One turn of a rebuild: begin a requested one, read, and switch when the new generation has caught up. */
    private void rebuildTurn() {
        CompletableFuture<String> requested = requestedRebuild.get();
        if (requested == null) {
            return;
        }
        try {
            if (rebuild == null) {
                rebuild = beginRebuild(requested);
            }
            readRebuild();
            if (rebuild.buffered >= config.maxBatchRecords()) {
                flushRebuild();
            }
            trySwitch();
        } catch (WakeupException e) {
            throw e;   // close(): shutdown() abandons the rebuild
        } catch (RuntimeException e) {
            abandonRebuild(e);
        }
    }

    /** Assigns every partition to a new rebuild consumer, positioned at {@link RebuildStart}, into a new generation. */
    private Rebuild beginRebuild(CompletableFuture<String> done) {
        Consumer<byte[], byte[]> c = rebuildConsumers.get();
        try {
            Set<TopicPartition> partitions = new LinkedHashSet<>();
            c.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            c.assign(partitions);
            cutoffs.refreshIfDue();
            Optional<BatchCutoff> cutoff = cutoffs.current();
            Map<Integer, Long> beginning = new HashMap<>();
            c.beginningOffsets(partitions).forEach((tp, o) -> beginning.put(tp.partition(), o));
            Map<Integer, Long> byTime = new HashMap<>();
            if (cutoff.isPresent()) {
                Map<TopicPartition, Long> query = new HashMap<>();
                long bound = RebuildStart.timestampBound(cutoff.get()).toEpochMilli();
                partitions.forEach(tp -> query.put(tp, bound));
                Map<TopicPartition, OffsetAndTimestamp> found = c.offsetsForTimes(query);
                found.forEach((tp, ot) -> {
                    if (ot != null) {
                        byTime.put(tp.partition(), ot.offset());
                    }
                });
            }
            Map<Integer, Long> start = RebuildStart.offsets(topic, cutoff, beginning, byTime);
            start.forEach((p, o) -> c.seek(new TopicPartition(topic, p), o));
            String generation = Generations.next(writer.generation(), clock.millis(), g -> SpeedViewWriter.exists(redis, g));
            SpeedViewWriter into = SpeedViewWriter.forGeneration(redis, generation, retention, config.evidenceLimits(), clock);
            LOG.info("speed layer: rebuilding the speed view into generation {} (batch view {}), from offsets {}; "
                    + "generation {} stays current and up to date meanwhile", generation,
                    cutoff.map(b -> b.version() + ", cutoff " + b.cutoff()).orElse("none: from the earliest offsets"),
                    start, writer.generation());
            return new Rebuild(generation, into, c, partitions, done, clock.instant());
        } catch (RuntimeException e) {
            closeQuietly(c, "rebuild consumer", e);
            throw e;
        }
    }

    /**
     * Reads the rebuild consumer through the same path as the live records, never past the live consumer's position
     * in a partition: a record at or past it is put back (seek) for a later turn. So when the rebuild's positions
     * reach the live ones, both generations have read exactly the same records.
     */
    private void readRebuild() {
        Map<TopicPartition, Long> live = livePositions();
        ConsumerRecords<byte[], byte[]> records = rebuild.consumer.poll(REBUILD_POLL_TIMEOUT);
        for (TopicPartition tp : records.partitions()) {
            Long limit = live.get(tp);
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (limit == null || r.offset() >= limit) {
                    rebuild.consumer.seek(tp, r.offset());
                    break;
                }
                PartitionBatch batch = rebuild.batches.computeIfAbsent(tp, p -> new PartitionBatch(p.topic(), p.partition()));
                rebuild.buffered++;
                classify(r, batch, false);
            }
        }
    }

    /** Applies the rebuild's batches to the new generation; on failure puts them back to be read again. */
    private boolean flushRebuild() {
        for (TopicPartition tp : List.copyOf(rebuild.batches.keySet())) {
            PartitionBatch batch = rebuild.batches.get(tp);
            try {
                ApplyResult result = rebuild.writer.apply(batch);
                rebuild.applied += result.applied();
                rebuild.duplicates += result.duplicates();
            } catch (RuntimeException e) {
                LOG.error("speed layer: rebuild: applying to generation {} failed; reading the unapplied records again",
                        rebuild.generation, e);
                rebuild.batches.forEach((p, b) -> rebuild.consumer.seek(p, b.firstOffset()));
                rebuild.batches.clear();
                rebuild.buffered = 0;
                return false;
            }
            rebuild.batches.remove(tp);
            rebuild.buffered -= batch.records();
        }
        return true;
    }

    /**
     * Switches to the new generation once, in every partition, the rebuild has read up to the live position: apply
     * both sides' buffers (the live records to the old generation, which they belong to), record the positions, then
     * one SET of {@code sg:speed:current}, and write the new generation from the live position on. No poll happens
     * in between, so the live position does not move: no record is lost or counted twice at the switch.
     */
    private void trySwitch() {
        Map<TopicPartition, Long> live = livePositions();
        if (!live.keySet().containsAll(rebuild.partitions)) {
            if (clock.instant().isAfter(rebuild.startedAt.plus(REBUILD_OWNERSHIP_TIMEOUT))) {
                throw new IllegalStateException("this speed layer does not own every partition of " + topic
                        + " (owns " + live.keySet() + "): a rebuild needs one speed-layer process");
            }
            return;
        }
        if (!caughtUp(live)) {
            return;
        }
        flushPartitions(new ArrayList<>(batches.keySet()), true);
        if (!flushRebuild() || !batches.isEmpty()) {
            return;   // a failed apply seeked back: read again, try again
        }
        live = livePositions();
        if (!caughtUp(live)) {
            return;
        }
        for (TopicPartition tp : rebuild.partitions) {
            long next = live.get(tp);
            if (next > 0) {
                rebuild.writer.recordPositionIfAbsent(tp.topic(), tp.partition(), next - 1);
            }
        }
        rebuild.writer.makeCurrent();
        String old = writer.generation();
        writer = rebuild.writer;
        Rebuild done = rebuild;
        rebuild = null;
        closeQuietly(done.consumer, "rebuild consumer", null);
        LOG.info("speed layer: rebuild done in {}: generation {} is current ({} articles counted, {} duplicates); "
                + "generation {} is deleted in {}", Duration.between(done.startedAt, clock.instant()), done.generation,
                done.applied, done.duplicates, old, OLD_GENERATION_GRACE);
        sweepLater(old, OLD_GENERATION_GRACE);
        requestedRebuild.set(null);
        done.done.complete(done.generation);
    }

    private boolean caughtUp(Map<TopicPartition, Long> live) {
        for (TopicPartition tp : rebuild.partitions) {
            if (rebuild.consumer.position(tp) < live.get(tp)) {
                return false;
            }
        }
        return true;
    }

    /** Live consumer positions of the partitions it owns and has positioned (everything below is read). */
    private Map<TopicPartition, Long> livePositions() {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            if (!unpositioned.contains(tp)) {
                positions.put(tp, consumer.position(tp));
            }
        }
        return positions;
    }

    private void abandonRebuild(Exception cause) {
        CompletableFuture<String> requested = requestedRebuild.get();
        LOG.error("speed layer: rebuild abandoned; generation {} stays current", writer.generation(), cause);
        if (rebuild != null) {
            closeQuietly(rebuild.consumer, "rebuild consumer", null);
            sweepLater(rebuild.generation, Duration.ZERO);
            rebuild = null;
        }
        requestedRebuild.set(null);
        if (requested != null) {
            requested.completeExceptionally(cause);
        }
    }

    private void sweepLater(String generation, Duration delay) {
        if (sweeps == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "silgeom-speed-sweep");
                t.setDaemon(true);
                return t;
            });
            // At shutdown, waiting deletions are not waited for: stopRebuilds() runs them at once.
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            sweeps = executor;
        }
        unswept.add(generation);
        sweeps.schedule(() -> sweep(generation), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweep(String generation) {
        if (!unswept.remove(generation)) {
            return;
        }
        try {
            sweeper.sweep(generation);
        } catch (RuntimeException e) {
            LOG.warn("speed layer: could not delete speed view generation {} (delete keys {} by hand): {}",
                    generation, GenerationSweeper.pattern(generation), e.toString());
        }
    }

    /** At shutdown: abandon a rebuild in progress, and delete the old generations now rather than never. */
    private void stopRebuilds() {
        if (requestedRebuild.get() != null) {
            abandonRebuild(new IllegalStateException("the speed layer was closed during the rebuild"));
        }
        if (sweeps != null) {
            sweeps.shutdown();   // delayed deletions are dropped: they run below, now
            try {
                if (!sweeps.awaitTermination(CLIENT_CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("speed layer: deleting an old speed view generation did not finish in {}", CLIENT_CLOSE_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List.copyOf(unswept).forEach(this::sweep);
    }

    private void updateLags() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong unread = consumer.currentLag(tp);
            if (unread.isPresent()) {
                PartitionBatch batch = batches.get(tp);
                metrics.lag(tp, unread.getAsLong() + (batch == null ? 0 : batch.records()));
            }
        }
    }

    private void pause() {
        try {
            if (closeRequested.await(RETRY_BACKOFF.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("speed layer: closing, not waiting to retry");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown() {
        try {
            flushPartitions(new ArrayList<>(batches.keySet()), false);
            // The last word on what was applied is Redis's: commit exactly that for every partition still owned, so a
            // clean stop leaves Kafka's committed offsets where Redis's are, whatever a flush in flight did.
            commit(appliedInRedis());
            // A commit refused because the group was rebalancing (a dead member timing out, say) is tried again after
            // letting the consumer finish the rebalance, with Redis's offsets of whatever it owns by then: a partition
            // revoked and assigned again in between would otherwise drop out of the commit.
            long giveUpAt = System.nanoTime() + FINAL_COMMIT_PATIENCE.toNanos();
            while (!uncommitted.isEmpty() && System.nanoTime() - giveUpAt < 0) {
                consumer.poll(MAX_POLL_TIMEOUT);   // records read here are not applied: Redis's offsets decide
                commit(appliedInRedis());
            }
        } catch (RuntimeException e) {
            LOG.warn("speed layer: final apply failed; the records will be read again on restart: {}", e.toString());
        }
        status.writeFinal(metrics);
        LOG.info("speed layer: stopped, {}", metrics.stats());
        release();
    }

    /** Offset + 1 of the last record applied to Redis, per owned partition this generation has applied. */
    private Map<TopicPartition, OffsetAndMetadata> appliedInRedis() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            writer.storedOffset(tp.topic(), tp.partition())
                    .ifPresent(o -> out.put(tp, new OffsetAndMetadata(o + 1)));
        }
        return out;
    }

    private void release() {
        flushes.close();
        analysis.close();
        stopRebuilds();   // before Redis is closed: it may delete a generation
        try {
            consumer.close(CloseOptions.timeout(CLIENT_CLOSE_TIMEOUT));
        } catch (RuntimeException e) {
            LOG.warn("speed layer: closing the consumer failed: {}", e.toString());
        }
        try {
            producer.close(CLIENT_CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("speed layer: closing the dead-letter producer failed: {}", e.toString());
        }
        metrics.close();
        closeQuietly(redisOwner, "redis", null);
    }

    private static void closeQuietly(AutoCloseable c, String what, RuntimeException primary) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                LOG.warn("speed layer: closing the {} client failed: {}", what, e.toString());
            }
        }
    }

    /** Runs on the consumer thread, inside poll() (and close()). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("speed layer: partitions assigned: {}", partitions);
            awaitInFlight(false);   // a flush in flight may hold a batch of a partition positioned below
            // Paused until positioned from Redis: a fetch from Kafka's committed offset could run ahead of Redis.
            consumer.pause(partitions);
            unpositioned.addAll(partitions);
            nextPositionAttempt = Instant.MIN;
            positionPending();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.info("speed layer: partitions revoked: {}; applying what was read from them", partitions);
            flushPartitions(partitions, false);
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            LOG.warn("speed layer: partitions lost: {}; dropping what was read from them unapplied (their new owner reads it again)", partitions);
            awaitInFlight(false);
            dropBatches(partitions.stream().filter(batches::containsKey).toList(), false);
            forget(partitions);
        }

        private void forget(Collection<TopicPartition> partitions) {
            partitions.forEach(tp -> {
                unpositioned.remove(tp);
                metrics.forget(tp);
                status.forget(tp);
            });
        }
    }
}
