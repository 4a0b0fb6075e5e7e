package io.silgeom.batch.publish;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.batch.job.KeywordHourlyLine;
import io.silgeom.batch.job.ViewPaths;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.view.BatchCutoff;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Loads a keyword-hourly batch view from HDFS into Redis and publishes it (DESIGN.md §5). Steps, in this order:
 *
 * <ol>
 *   <li>Read the view directory (it must hold {@code _SUCCESS}) and aggregate in memory per Redis key: each line
 *       counts under the four {@link Slice#rollUps roll-up slices} of its lang and source.
 *   <li>Delete whatever keys this version already has (a retried load must not add twice), then write, in pipelines
 *       of {@code chunkSize} commands: {@code HINCRBY sg:b:<v>:h:<hour>:<slice> <canonical> <count>},
 *       {@code HSETNX sg:display <canonical> <display>}, {@code SADD sg:b:<v>:hours <hour>}. Every reply is checked.
 *   <li>Only when all of it is loaded: one {@code SET sg:batch:current} with {@link BatchCutoff} (version, cutoff,
 *       offsets) — version and cutoff become visible together, so a query never reads a half-loaded view.
 *   <li>Write {@code _PUBLISHED} (the publish time) into the view directory: when this version replaced the previous.
 *   <li>Retire old versions by {@link VersionRetention}: the newest {@code batch.version.keep} published ones stay
 *       (the previous one among them: a query that read the cutoff just before the switch still reads it), an older
 *       one goes once its successor has been current for {@code batch.version.grace}; Redis keys and, with
 *       {@link #withRetention}, its HDFS views (keyword_hourly, baselines, features). Without {@code withRetention}: keep
 *       2, no grace, Redis only.
 * </ol>
 *
 * <p>Baselines ({@link Baselines}), when given, load with the view in step 2, before the switch:
 * {@code HSET sg:b:<v>:base:<HH>:<lang>:<source> <keyword> <expected>} per baselines line and
 * {@code HSET sg:b:<v>:base:meta days <n> from <yyyy-MM-dd> to <yyyy-MM-dd>}.
 *
 * <p>A load that fails at step 1 or 2 never touches {@code sg:batch:current}; its partial keys are deleted (best
 * effort; the next successful publish deletes any left).
 */
public final class BatchViewPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(BatchViewPublisher.class);
    private static final String BATCH_KEY_PREFIX = RedisKeys.PREFIX + "b:";

    private final UnifiedJedis redis;
    private final FileSystem fs;
    private final int chunkSize;
    private final Clock clock;
    private final HdfsLayout layout;
    private final VersionRetention retention;

    /**
     * @param redis     e.g. {@code RedisClient.create(host, port)}; not closed by the publisher
     * @param fs        the filesystem holding the view
     * @param chunkSize commands per pipeline round trip ({@code batch.publish.chunk.size})
     */
    public BatchViewPublisher(UnifiedJedis redis, FileSystem fs, int chunkSize, Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.fs = Objects.requireNonNull(fs, "fs");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, got " + chunkSize);
        }
        this.chunkSize = chunkSize;
        this.layout = null;
        this.retention = new VersionRetention(2, Duration.ZERO);
    }

    private BatchViewPublisher(BatchViewPublisher p, HdfsLayout layout, VersionRetention retention) {
        this.redis = p.redis;
        this.fs = p.fs;
        this.chunkSize = p.chunkSize;
        this.clock = p.clock;
        this.layout = Objects.requireNonNull(layout, "layout");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /**
     * The same publisher retiring old versions by {@code keep} and {@code grace} ({@link VersionRetention}), from
     * Redis and from the HDFS views under {@code layout}.
     */
    public BatchViewPublisher withRetention(HdfsLayout newLayout, int keep, Duration grace) {
        return new BatchViewPublisher(this, newLayout, new VersionRetention(keep, grace));
    }

    /** The baselines view of the version and what the job said about it (for the meta hash). */
    public record Baselines(Path dir, BaselineSummary summary) {
        public Baselines {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(summary, "summary");
        }
    }

    /**
     * What a publish did.
     *
     * @param previous the view that was current before (the reconciliation starts at its cutoff)
     */
    public record Published(BatchCutoff cutoff, Optional<BatchCutoff> previous, int lines, int keys, int hours,
                            List<String> deletedVersions) {
        public Optional<String> previousVersion() {
            return previous.map(BatchCutoff::version);
        }
    }

    /**
     * Loads {@code viewDir} as batch view {@code version} and publishes it with {@code cutoff} and {@code offsets}.
     *
     * @throws IOException           when the view cannot be read or a Redis write fails; nothing was published
     * @throws IllegalStateException when {@code version} is the one currently published
     */
    public Published publish(Path viewDir, String version, Instant cutoff, Map<String, Long> offsets) throws IOException {
        return publish(viewDir, null, version, cutoff, offsets);
    }

    /**
     * Loads {@code viewDir} and {@code baselines} (may be null: no baselines) as batch view {@code version} and
     * publishes it with {@code cutoff} and {@code offsets}.
     *
     * @throws IOException           when a view cannot be read or a Redis write fails; nothing was published
     * @throws IllegalStateException when {@code version} is the one currently published
     */
    public Published publish(Path viewDir, Baselines baselines, String version, Instant cutoff, Map<String, Long> offsets)
            throws IOException {
        Optional<BatchCutoff> previous = current();
        if (previous.isPresent() && previous.get().version().equals(version)) {
            throw new IllegalStateException("batch view " + version + " is already published; a new run needs a new version");
        }
        BatchCutoff next = new BatchCutoff(version, cutoff, clock.instant(), offsets); // checks the cutoff first
        View view;
        try {
            view = read(viewDir, version);
            view.coverThrough(cutoff);
            deleteKeys(keysOf(Set.of(version)).getOrDefault(version, List.of()));
            load(version, view);
            if (baselines != null) {
                loadBaselines(version, baselines);
            }
        } catch (IOException | RuntimeException e) {
            try {
                deleteKeys(keysOf(Set.of(version)).getOrDefault(version, List.of()));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e instanceof IOException io ? io : new IOException("loading batch view " + version + " failed: " + e.getMessage(), e);
        }
        redis.set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(next));
        LOG.info("batch view published: version {}, cutoff {}, {} hours, {} keys (previous: {})", version, cutoff,
                view.hours.size(), view.counts.size(), previous.map(BatchCutoff::version).orElse("none"));
        markPublished(viewDir, next.publishedAt());
        List<String> deleted = deleteOlderVersions(version, previous.map(BatchCutoff::version), next.publishedAt());
        return new Published(next, previous, view.lines, view.counts.size(), view.hours.size(), deleted);
    }

    /** The published cutoff, if any. An unreadable value is treated as none (and logged): a publish repairs it. */
    public Optional<BatchCutoff> current() {
        String json = redis.get(RedisKeys.BATCH_CURRENT);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(BatchCutoffJson.decode(json));
        } catch (IllegalArgumentException e) {
            LOG.warn("batch publisher: {} holds an unreadable value, treating it as unpublished: {}", RedisKeys.BATCH_CURRENT, e.getMessage());
            return Optional.empty();
        }
    }

    /** The view aggregated per Redis key. */
    private static final class View {
        final Map<String, Map<String, Long>> counts = new TreeMap<>();
        final Map<String, String> displays = new TreeMap<>();
        final TreeSet<String> hours = new TreeSet<>();

        /**
         * NOTE: the hours set lists every hour the view covers, from its first hour with data up to the hour
         * before the cutoff, quiet hours included. Its existence is what tells the serving layer that version
         * {@code v} is loaded; an hour without a row in a covered range is a true zero, not a hole.
         */
        void coverThrough(Instant cutoff) {
            Instant last = cutoff.minus(Duration.ofHours(1));
            Instant first = hours.isEmpty() ? last : TimeBuckets.parseHourId(hours.first());
            for (Instant h = first; !h.isAfter(last); h = h.plus(Duration.ofHours(1))) {
                hours.add(TimeBuckets.hourId(h));
            }
        }
        int lines;
    }

    private View read(Path viewDir, String version) throws IOException {
        View view = new View();
        forEachLine(viewDir, "batch view", raw -> {
            KeywordHourlyLine line = KeywordHourlyLine.parse(raw);
            for (Slice slice : Slice.rollUps(line.lang(), line.source())) {
                String key = RedisKeys.batchHour(version, line.hourId(), slice);
                view.counts.computeIfAbsent(key, k -> new HashMap<>()).merge(line.canonical(), line.count(), Long::sum);
            }
            view.displays.merge(line.canonical(), line.display(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
            view.hours.add(line.hourId());
            view.lines++;
        });
        return view;
    }

    /** One line of a view; throws {@link IllegalArgumentException} for a line it cannot take. */
    @FunctionalInterface
    private interface LineHandler {
        void accept(String line) throws IOException;
    }

    /**
     * Calls {@code handler} for every non-empty line of the data files of a finished view directory.
     *
     * @throws IOException naming the file and line a handler refused, or when the directory has no {@code _SUCCESS}
     */
    private void forEachLine(Path dir, String what, LineHandler handler) throws IOException {
        if (!fs.exists(new Path(dir, "_SUCCESS"))) {
            throw new FileNotFoundException(what + " " + dir + " is missing or incomplete (no _SUCCESS)");
        }
        for (FileStatus st : fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."))) {
            if (!st.isFile()) {
                continue;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()), StandardCharsets.UTF_8))) {
                int lineNo = 0;
                for (String raw = r.readLine(); raw != null; raw = r.readLine()) {
                    lineNo++;
                    if (raw.isEmpty()) {
                        continue;
                    }
                    try {
                        handler.accept(raw);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(st.getPath() + " line " + lineNo + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    private void load(String version, View view) throws IOException {
        Chunked out = new Chunked();
        for (List<String> chunk : chunks(new ArrayList<>(view.hours), 1000)) {
            out.add(p -> p.sadd(RedisKeys.batchHours(version), chunk.toArray(String[]::new)), true);
        }
        for (Map.Entry<String, Map<String, Long>> e : view.counts.entrySet()) {
            String key = e.getKey();
            for (Map.Entry<String, Long> field : e.getValue().entrySet()) {
                out.add(p -> p.hincrBy(key, field.getKey(), field.getValue()), true);
            }
        }
        for (Map.Entry<String, String> d : view.displays.entrySet()) {
            out.add(p -> p.hsetnx(RedisKeys.DISPLAY, d.getKey(), d.getValue()), true);
        }
        out.finish();
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }

    /** Queues commands and sends them in pipelines of {@code chunkSize}, checking every reply. */
    private final class Chunked {
        private final List<Function<AbstractPipeline, Response<?>>> pending = new ArrayList<>();

        void add(Function<AbstractPipeline, Response<?>> command, boolean when) throws IOException {
            if (!when) {
                return;
            }
            pending.add(command);
            if (pending.size() >= chunkSize) {
                send();
            }
        }

        void finish() throws IOException {
            if (!pending.isEmpty()) {
                send();
            }
        }

        private void send() throws IOException {
            List<Response<?>> replies = new ArrayList<>(pending.size());
            try (AbstractPipeline p = redis.pipelined()) {
                for (var c : pending) {
                    replies.add(c.apply(p));
                }
                p.sync();
            }
            pending.clear();
            for (Response<?> r : replies) {
                try {
                    r.get(); // throws the server's error for that command (e.g. WRONGTYPE)
                } catch (RuntimeException e) {
                    throw new IOException("redis rejected a batch view write: " + e.getMessage(), e);
                }
            }
        }
    }

    /** Every key under {@code sg:b:}, grouped by version (or only those of {@code onlyVersions}, if not empty). */
    private Map<String, List<String>> keysOf(Set<String> onlyVersions) {
        Map<String, List<String>> out = new TreeMap<>();
        String pattern = onlyVersions.size() == 1 ? RedisKeys.batchVersionPattern(onlyVersions.iterator().next())
                : RedisKeys.batchVersionPattern("*");
        ScanParams params = new ScanParams().match(pattern).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            for (String key : page.getResult()) {
                int end = key.indexOf(':', BATCH_KEY_PREFIX.length());
                if (end > 0) {
                    String v = key.substring(BATCH_KEY_PREFIX.length(), end);
                    if (onlyVersions.isEmpty() || onlyVersions.contains(v)) {
                        out.computeIfAbsent(v, x -> new ArrayList<>()).add(key);
                    }
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return out;
    }

    private void deleteKeys(List<String> keys) {
        for (int i = 0; i < keys.size(); i += chunkSize) {
            redis.unlink(keys.subList(i, Math.min(keys.size(), i + chunkSize)).toArray(String[]::new));
        }
    }

    /** Name of the file in a published view directory that holds when it was published (ISO instant). */
    public static final String PUBLISHED_MARKER = "_PUBLISHED";

    private void markPublished(Path viewDir, Instant publishedAt) {
        try (var out = fs.create(new Path(viewDir, PUBLISHED_MARKER), true)) {
            out.write(publishedAt.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Published already; without the marker the version counts as never published and goes at the next
            // publish unless it is the previous one then: a shorter life, never a wrong answer.
            LOG.warn("batch publisher: could not write {} into {}: {}", PUBLISHED_MARKER, viewDir, e.toString());
        }
    }

    private Optional<Instant> publishedAt(String version) {
        if (layout == null) {
            return Optional.empty();
        }
        Path marker = new Path(layout.keywordHourlyView(version), PUBLISHED_MARKER);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(marker), StandardCharsets.UTF_8))) {
            return Optional.of(Instant.parse(r.readLine().trim()));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("batch publisher: unreadable {}: {}", marker, e.toString());
            return Optional.empty();
        }
    }

    /** Versions with a view directory under any of the three view roots. */
    private Set<String> versionsOnHdfs() throws IOException {
        Set<String> out = new TreeSet<>();
        for (Path root : List.of(layout.keywordHourlyViews(), ViewPaths.baselinesViews(layout), ViewPaths.featuresViews(layout))) {
            if (!fs.exists(root)) {
                continue;
            }
            for (FileStatus st : fs.listStatus(root)) {
                String name = st.getPath().getName();
                if (st.isDirectory() && name.startsWith("v=")) {
                    out.add(name.substring(2));
                }
            }
        }
        return out;
    }

    /** Retires old versions ({@link VersionRetention}) from Redis and, with a layout, from HDFS. */
    private List<String> deleteOlderVersions(String current, Optional<String> previous, Instant now) {
        List<String> deleted = new ArrayList<>();
        try {
            Map<String, List<String>> redisVersions = keysOf(Set.of());
            Set<String> all = new TreeSet<>(redisVersions.keySet());
            if (layout != null) {
                all.addAll(versionsOnHdfs());
            }
            Map<String, Instant> published = new HashMap<>();
            for (String v : all) {
                publishedAt(v).ifPresent(t -> published.put(v, t));
            }
            // The previous version was published, marker or not (it may predate markers): it replaced nothing newer.
            previous.ifPresent(p -> published.putIfAbsent(p, Instant.MIN));
            published.put(current, now);
            for (String v : retention.toDelete(current, all, published, now)) {
                deleteKeys(redisVersions.getOrDefault(v, List.of()));
                if (layout != null) {
                    for (Path dir : List.of(layout.keywordHourlyView(v), ViewPaths.baselinesView(layout, v), ViewPaths.featuresView(layout, v))) {
                        if (fs.exists(dir)) {
                            fs.delete(dir, true);
                        }
                    }
                }
                deleted.add(v);
            }
        } catch (IOException | RuntimeException e) {
            // The new view is published already; leftovers only cost space and go with the next publish.
            LOG.warn("batch publisher: retiring old versions failed, they stay until the next publish: {}", e.toString());
        }
        if (!deleted.isEmpty()) {
            LOG.info("batch publisher: deleted old batch view versions {}", deleted);
        }
        return deleted;
    }

    /** Streams a baselines view into its hashes; the lines are per slice already (the job rolls up). */
    private void loadBaselines(String version, Baselines baselines) throws IOException {
        Chunked out = new Chunked();
        forEachLine(baselines.dir(), "baselines view", raw -> {
            String[] cols = raw.split("\t", -1);
            if (cols.length != 6) {
                throw new IllegalArgumentException("expected 6 tab-separated columns, got " + cols.length);
            }
            String key = RedisKeys.batchBaseline(version, Integer.parseInt(cols[3]), new Slice(cols[1], cols[2]));
            Double.parseDouble(cols[4]); // a NumberFormatException is an IllegalArgumentException: names the line
            String keyword = cols[0];
            String expected = cols[4];
            out.add(p -> p.hset(key, keyword, expected), true);
        });
        BaselineSummary b = baselines.summary();
        Map<String, String> meta = new TreeMap<>();
        meta.put("days", Integer.toString(b.days()));
        b.from().ifPresent(d -> meta.put("from", d.toString()));
        b.to().ifPresent(d -> meta.put("to", d.toString()));
        out.add(p -> p.hset(RedisKeys.batchBaselineMeta(version), meta), true);
        out.finish();
    }
}
