package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.archive.KafkaPosition;
import io.silgeom.batch.archive.RawLine;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Settings;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.DeadLetter;
import io.silgeom.core.validation.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per UTC hour, lang and source, the distinct articles that mention each keyword, over the whole raw archive,
 * for event times before the cutoff {@code T}. One MapReduce job:
 *
 * <ul>
 *   <li><b>map</b>: {@link ArticleAnalysisMapper} reads every {@code raw/articles/dt=* /hr=*} line (small files packed
 *       into splits of about {@link #DEFAULT_SPLIT_BYTES} by {@link ArchiveInputFormat}), drops lines at or past the
 *       run's snapshot offset of their partition, re-validates the rest (without the arrival-relative rules), and
 *       analyzes each copy whose event time is before {@code T} with core's {@link DocumentAnalyzer} (content policy,
 *       then keywords: the speed layer's very code and configuration keys, {@link #configurePolicy}). Each copy's
 *       id, position and outcome (and slice) go to every reduce task in <em>id batches</em>, one record per bucket of
 *       ids and task ({@link IdBatches}), and a counted copy goes out as one <em>slice record</em> (its author and
 *       keywords, {@link AnalyzedCopy}) to the task of its slice (hour, lang, source). {@link QuarantineCountMapper} only counts the dead letters of the same offset range, for the
 *       run's invalid share.</li>
 *   <li><b>reduce</b>: {@link SliceCountReducer} first reads the id batches, bucket by bucket, sorting each bucket's
 *       copies by article id with the first copy (smallest {@code (partition, offset)}: the first copy counts, as in
 *       the speed view) leading, and notes the rare
 *       ids whose copies would count in different places; then every slice, whose copies arrive sorted by id: it
 *       counts the first copy of each id (for a noted id only if that copy is the first overall), per keyword the
 *       authorless articles plus the distinct social authors (one social author counts at most once per keyword,
 *       language and hour, as in the speed view), into {@code views/keyword_hourly/v=<version>/}, lines of
 *       {@link KeywordHourlyLine}.</li>
 * </ul>
 *
 * <p>Usage: {@code keyword-hourly -D silgeom.batch.cutoff=<ISO hour> -D silgeom.batch.offsets=<topic:p=next,…> <hdfs-root> <version>}
 * (see {@link #configure}). Exit code 0 on success, 2 on bad arguments, 1 on any other failure.
 */
public final class KeywordHourlyJob extends Configured implements Tool {
    /** Job parameter: the cutoff T, an ISO instant on an hour boundary, exclusive. */
    public static final String CONF_CUTOFF = "silgeom.batch.cutoff";
    /** Job parameter: snapshot offsets, {@code topic:partition=nextOffset,…}; lines at or past them are skipped. */
    public static final String CONF_OFFSETS = "silgeom.batch.offsets";
    /**
     * Directory inside the view holding, per slice, the distinct articles counted ({@code hourId \t lang \t source \t
     * docs}, files {@code part-r-NNNNN}): the features table's {@code docs_in_hour}. Its name starts with {@code _}, so
     * readers of the view's lines (Hive, the publisher, the baselines and features jobs) skip it.
     */
    public static final String DOCS_DIR = "_docs";
    /**
     * The input split size when {@code mapreduce.input.fileinputformat.split.maxsize} is not set. The archive
     * holds many small files (one per partition, hour and flush); one map task each would pay a task's set-up per
     * file, so small files are packed into splits of about this size: enough of them that the last ones finish
     * close together. On a cluster with many slots, a larger size (-D) saves task start-ups.
     */
    static final long DEFAULT_SPLIT_BYTES = 16L << 20;
    /**
     * The map output buffer when {@code mapreduce.task.io.sort.mb} is not set: the records of a 16 MiB split take
     * about 15 MB with two reduce tasks (less with one), so it is sorted once without spilling early, and Hadoop's
     * default of 100 MB would only be allocated (and zeroed) for nothing by every task.
     */
    static final int DEFAULT_SORT_MB = 32;

    private static final Logger LOG = LoggerFactory.getLogger(KeywordHourlyJob.class);
    private static final PathFilter VISIBLE = p -> !p.getName().startsWith("_") && !p.getName().startsWith(".");

    private KeywordHourlyCounts lastCounts;

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new KeywordHourlyJob(), args));
    }

    /** Sets the run's parameters on a Hadoop configuration (what {@code -D} would set on the command line). */
    public static void configure(Configuration conf, Instant cutoff, Map<String, Long> snapshotOffsets) {
        conf.set(CONF_CUTOFF, cutoff.toString());
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(snapshotOffsets).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        conf.set(CONF_OFFSETS, sb.toString());
    }

    /**
     * Copies the content-policy keys ({@link ContentPolicy#DEF}) that {@code settings} sets into the job
     * configuration, so the tasks apply the policy the speed layer applies. Unset keys keep their defaults on both
     * sides. NOTE: {@code content.filter.model} and {@code content.filter.blocklist.file} are read by the tasks, so on
     * a cluster they must name files every node can read (or leave the shipped ones).
     */
    public static void configurePolicy(Configuration conf, Settings settings) {
        for (ConfigKey<?> key : ContentPolicy.DEF.keys()) {
            settings.raw(key.name()).ifPresent(value -> conf.set(key.name(), value));
        }
    }

    /** The counters of the last successful {@link #run}, empty before one. */
    public Optional<KeywordHourlyCounts> lastCounts() {
        return Optional.ofNullable(lastCounts);
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (args.length != 2 || conf.get(CONF_CUTOFF) == null || conf.get(CONF_OFFSETS) == null) {
            System.err.println("Usage: keyword-hourly -D " + CONF_CUTOFF + "=<ISO instant, hour boundary> -D "
                    + CONF_OFFSETS + "=<topic:partition=nextOffset,...> <hdfs-root> <version>");
            ToolRunner.printGenericCommandUsage(System.err);
            return 2;
        }
        try {
            Instant cutoff = Instant.parse(conf.get(CONF_CUTOFF));
            parseOffsets(conf.get(CONF_OFFSETS));
            if (!TimeBuckets.hourStart(cutoff).equals(cutoff)) {
                throw new IllegalArgumentException("not an hour boundary: " + cutoff);
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            System.err.println("keyword-hourly: bad job parameter: " + e.getMessage());
            return 2;
        }
        HdfsLayout layout = HdfsLayout.of(args[0]);
        String version = args[1];
        Path output = layout.keywordHourlyView(version);
        FileSystem fs = output.getFileSystem(conf);
        boolean haveRaw = hasMatches(fs, layout.rawHourGlob());
        boolean haveQuarantine = hasMatches(fs, layout.quarantineGlob());
        if (!haveRaw && !haveQuarantine) {
            // NOTE: an empty archive is a valid (empty) view, not a failure: the first run of a new stack.
            fs.mkdirs(output);
            fs.create(new Path(output, "_SUCCESS"), true).close();
            lastCounts = KeywordHourlyCounts.NONE;
            LOG.info("keyword-hourly: archive is empty, wrote an empty view {}", output);
            return 0;
        }
        long started = System.nanoTime();
        Job job = job(conf, layout, haveRaw, haveQuarantine, output, version);
        if (!job.waitForCompletion(false)) {
            LOG.error("keyword-hourly: job failed: {}", job.getStatus().getFailureInfo());
            return 1;
        }
        // Read once: on a cluster each getCounters() asks the application master or the history server.
        Counters counters = job.getCounters();
        long rows = counters.findCounter(TaskCounter.REDUCE_OUTPUT_RECORDS).getValue();
        lastCounts = KeywordHourlyCounts.of(counters, rows);
        LOG.info("keyword-hourly: {} ms ({} map output records, {} bytes shuffled, {} rows out)",
                (System.nanoTime() - started) / 1_000_000, counters.findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue(),
                counters.findCounter(TaskCounter.MAP_OUTPUT_BYTES).getValue(), rows);
        LOG.info("keyword-hourly: version {} written to {}: {}", version, output, lastCounts);
        return 0;
    }

    private static boolean hasMatches(FileSystem fs, Path glob) throws IOException {
        FileStatus[] matches = fs.globStatus(glob, VISIBLE);
        return matches != null && matches.length > 0;
    }

    private static Job job(Configuration conf, HdfsLayout layout, boolean haveRaw, boolean haveQuarantine,
                           Path out, String version) throws IOException {
        Job job = Job.getInstance(conf, "silgeom keyword-hourly v=" + version);
        job.setJarByClass(KeywordHourlyJob.class);
        FileInputFormat.setInputPathFilter(job, VisibleFiles.class);
        if (conf.get(FileInputFormat.SPLIT_MAXSIZE) == null) {
            FileInputFormat.setMaxInputSplitSize(job, DEFAULT_SPLIT_BYTES);
        }
        if (conf.get(MRJobConfig.IO_SORT_MB) == null) {
            job.getConfiguration().setInt(MRJobConfig.IO_SORT_MB, DEFAULT_SORT_MB);
        }
        mergeInOnePass(job);
        if (haveRaw) {
            MultipleInputs.addInputPath(job, layout.rawHourGlob(), ArchiveInputFormat.class, ArticleAnalysisMapper.class);
        }
        if (haveQuarantine) {
            MultipleInputs.addInputPath(job, layout.quarantineGlob(), ArchiveInputFormat.class, QuarantineCountMapper.class);
        }
        job.setMapOutputKeyClass(CopyKey.class);
        job.setMapOutputValueClass(AnalyzedCopy.class);
        job.setPartitionerClass(CopyKey.SlicePartitioner.class);
        job.setSortComparatorClass(CopyKey.SortComparator.class);
        job.setGroupingComparatorClass(CopyKey.GroupComparator.class);
        // No combiner: the values are whole articles (the reduce needs each one's keywords and author).
        job.setReducerClass(SliceCountReducer.class);
        if (job.getNumReduceTasks() < 1) {
            // Map-only would write the map output records as the view: the reduce is where the view is made.
            LOG.warn("keyword-hourly: {} < 1 ignored, running one reduce task", MRJobConfig.NUM_REDUCES);
            job.setNumReduceTasks(1);
        }
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(DisplayCount.class);
        // Lazily: a reduce task's part file is created with its first line. Also, for an output format that is a
        // FileOutputFormat, Hadoop reads the filesystem statistics before and after every record it writes, which
        // visits one entry per thread that used the filesystem and is not garbage-collected yet (finished tasks'
        // threads among them): a cost per view line that grows with the age of a long-lived process (the embedded
        // stack, the benchmark). Wrapped, the bytes are not counted and the lines cost only their writing.
        LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, out);
        return job;
    }

    /**
     * Unless set: a reduce task merges all its map outputs at once (one per split: more than Hadoop's default of 10)
     * and keeps what fits of them in memory while it reduces, instead of writing them to disk first. The reduce holds
     * little else (one slice's keywords, the rare conflicting duplicates).
     */
    private static void mergeInOnePass(Job job) {
        Configuration conf = job.getConfiguration();
        if (conf.get(MRJobConfig.IO_SORT_FACTOR) == null) {
            conf.setInt(MRJobConfig.IO_SORT_FACTOR, 100);
        }
        if (conf.get(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT) == null) {
            conf.setFloat(MRJobConfig.REDUCE_INPUT_BUFFER_PERCENT, 0.5f);
        }
    }

    static Map<String, Long> parseOffsets(String text) {
        Map<String, Long> out = new TreeMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",")) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(CONF_OFFSETS + " entry must be topic:partition=offset, got: " + entry);
            }
            try {
                out.put(entry.substring(0, eq).trim(), Long.parseLong(entry.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(CONF_OFFSETS + " entry has a non-numeric offset: " + entry, e);
            }
        }
        return out;
    }

    /**
     * The validator of archived lines. Its size limit does not matter: with {@code receivedAt = null} the validator
     * skips the arrival rules, the size rule included (the added {@code "_kafka"} field must not push an accepted
     * record over the limit).
     */
    private static ArticleValidator validator() {
        return ArticleValidator.withDefaults();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // USER FUNCTIONS
    // ---------------------------------------------------------------------------------------------------------------

    /** Skips names starting with {@code _} or {@code .}: markers, {@code _SUCCESS}, files still being written. */
    public static final class VisibleFiles implements PathFilter {
        @Override
        public boolean accept(Path path) {
            return VISIBLE.accept(path);
        }
    }

    /**
     * Map, raw lines. In: a raw archive line. Out, for lines of this run's input that re-validate: the copy's id entry
     * (outcome, and slice if counted), sent in id batches to every reduce task when the task ends (or holds
     * {@link IdBatches#FLUSH_BYTES}), and, if it counts, its slice record (author and keywords); the rest only move
     * counters. Analysis happens here, once per copy, so the shuffle carries keywords instead of
     * raw lines and the analysis runs in as many tasks as the input has splits.
     */
    public static final class ArticleAnalysisMapper extends Mapper<LongWritable, Text, CopyKey, AnalyzedCopy> {
        private final CopyKey key = new CopyKey();
        private final AnalyzedCopy copy = new AnalyzedCopy();
        private final IdBatches.Collector ids = new IdBatches.Collector();
        private final AnalyzedCopy idBatch = new AnalyzedCopy();
        private long lastHour;
        private String lastHourId;
        private ArticleValidator validator;
        private DocumentAnalyzer analyzer;
        private Map<String, Long> snapshot;
        private Instant cutoff;
        private int reduces;
        private Counter rawLines;

        @Override
        protected void setup(Context ctx) {
            validator = validator();
            analyzer = JobAnalyzer.of(ctx.getJobID(), ctx.getConfiguration());
            snapshot = parseOffsets(ctx.getConfiguration().get(CONF_OFFSETS));
            cutoff = Instant.parse(ctx.getConfiguration().get(CONF_CUTOFF));
            reduces = Math.max(1, ctx.getNumReduceTasks());
            rawLines = ctx.getCounter(KeywordHourlyCounter.RAW_LINES);
        }

        @Override
        protected void map(LongWritable pos, Text value, Context ctx) throws IOException, InterruptedException {
            rawLines.increment(1);
            // The archiver's lines end with "_kafka": read it there rather than tokenizing the whole line twice.
            KafkaPosition kafka = RawLine.trailingPosition(value.getBytes(), value.getLength()).orElse(null);
            boolean checkedJson = kafka == null;
            if (kafka == null) {
                try {
                    kafka = RawLine.position(value.getBytes(), value.getLength());
                } catch (IOException e) {
                    ctx.getCounter(KeywordHourlyCounter.INVALID).increment(1);
                    return;
                }
            }
            Long next = snapshot.get(kafka.partitionKey());
            if (next == null || kafka.offset() >= next) {
                // NOTE: a line that is not JSON is invalid wherever its "_kafka" points; below the snapshot the
                // validator finds out, here only the full parse does.
                if (!checkedJson && !isJson(value)) {
                    ctx.getCounter(KeywordHourlyCounter.INVALID).increment(1);
                    return;
                }
                // Written after the snapshot (or by a flush not yet committed): the next run's input.
                ctx.getCounter(KeywordHourlyCounter.PAST_SNAPSHOT).increment(1);
                return;
            }
            byte[] line = Arrays.copyOf(value.getBytes(), value.getLength());
            // receivedAt = null: the arrival-relative rules were applied by the archiver on arrival.
            if (!(validator.validate(line, null) instanceof Verdict.Valid valid)) {
                ctx.getCounter(KeywordHourlyCounter.INVALID).increment(1);
                return;
            }
            byte[] id = valid.article().id().getBytes(StandardCharsets.UTF_8);
            long idHash = CopyKey.hash64(id, 0, id.length);
            Instant eventTime = valid.article().publishedAt();
            if (!eventTime.isBefore(cutoff)) { // T is exclusive: hour T and later belong to the speed view
                addId(ctx, id, idHash, kafka, AnalyzedCopy.Outcome.AFTER_CUTOFF);
                return;
            }
            Analysis analysis = analyzer.analyze(valid.article());
            if (analysis.filtered()) {
                addId(ctx, id, idHash, kafka, AnalyzedCopy.Outcome.FILTERED);
                return;
            }
            copy.setCounted(hourId(eventTime), analysis.lang(), valid.article().source().wireName(),
                    valid.article().countedAuthor().orElse(""));
            for (Keyword k : analysis.keywords()) {
                if (hasLineBreakOrTab(k.canonical()) || hasLineBreakOrTab(k.display())) {
                    copy.addUnsafeKeyword();
                } else {
                    copy.addKeyword(k.canonical(), k.display());
                }
            }
            key.setCopy(id, idHash, kafka.partition(), kafka.offset());
            key.toSliceRecord(copy.sliceBytes(), copy.sliceLength());
            ctx.write(key, copy);
            addId(ctx, id, idHash, kafka, AnalyzedCopy.Outcome.COUNTED);
        }

        @Override
        protected void cleanup(Context ctx) throws IOException, InterruptedException {
            writeIdBatches(ctx);
        }

        /** {@link TimeBuckets#hourId}, formatted once per hour: a split's lines come file by file, hour by hour. */
        private String hourId(Instant eventTime) {
            long hour = Math.floorDiv(eventTime.getEpochSecond(), 3600);
            if (hour != lastHour || lastHourId == null) {
                lastHourId = TimeBuckets.hourId(eventTime);
                lastHour = hour;
            }
            return lastHourId;
        }

        /** Notes the copy's id, position and outcome (and, counted, the slice and unsafe keywords of {@link #copy}). */
        private void addId(Context ctx, byte[] id, long idHash, KafkaPosition kafka, AnalyzedCopy.Outcome outcome)
                throws IOException, InterruptedException {
            boolean counted = outcome == AnalyzedCopy.Outcome.COUNTED;
            ids.add(idHash, id, id.length, kafka.partition(), kafka.offset(), outcome, counted ? copy.unsafeKeywords() : 0,
                    copy.sliceBytes(), counted ? copy.sliceLength() : 0);
            if (ids.full()) {
                writeIdBatches(ctx);
            }
        }

        /**
         * Every reduce task gets every copy's id: a task counting a slice must know whether another copy of an id,
         * possibly counted in another task's slice, came first. In batches, one per bucket and task ({@link IdBatches}).
         */
        private void writeIdBatches(Context ctx) throws IOException, InterruptedException {
            for (int b = 0; b < IdBatches.BUCKETS; b++) {
                int length = ids.length(b);
                if (length == 0) {
                    continue;
                }
                idBatch.setIdBatch(ids.data(b), length);
                for (int r = 0; r < reduces; r++) {
                    key.toIdBatch(r, b);
                    ctx.write(key, idBatch);
                }
            }
            ids.clear();
        }

        private static boolean isJson(Text line) {
            try {
                RawLine.position(line.getBytes(), line.getLength());
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean hasLineBreakOrTab(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\t' || c == '\n' || c == '\r') {
                    return true;
                }
            }
            return false;
        }
    }

    /** Map, quarantine. In: a dead-letter line. Out: nothing; counts the dead letters below the snapshot. */
    public static final class QuarantineCountMapper extends Mapper<LongWritable, Text, CopyKey, AnalyzedCopy> {
        private Map<String, Long> snapshot;

        @Override
        protected void setup(Context ctx) {
            snapshot = parseOffsets(ctx.getConfiguration().get(CONF_OFFSETS));
        }

        @Override
        protected void map(LongWritable pos, Text value, Context ctx) {
            DeadLetter dl;
            try {
                dl = ArticleJson.decodeDeadLetter(Arrays.copyOf(value.getBytes(), value.getLength()));
            } catch (RuntimeException e) {
                ctx.getCounter(KeywordHourlyCounter.QUARANTINE_UNREADABLE).increment(1);
                return;
            }
            Long next = dl.topic() == null ? null : snapshot.get(KafkaPosition.partitionKey(dl.topic(), dl.partition()));
            if (next != null && dl.offset() < next) {
                ctx.getCounter(KeywordHourlyCounter.QUARANTINED).increment(1);
            }
        }
    }

    /**
     * Reduce. In, first: every copy of every article id (the id batches, in one group, bucket after bucket, sorted here
     * per bucket with the first copy of each id first); then, per slice
     * "hourId \t lang \t source \t", its counted copies sorted by id. Out: per keyword of the slice,
     * ("hourId \t lang \t source \t canonical", (count, smallest display form)), the count being the authorless
     * articles plus the distinct social authors; {@code TextOutputFormat} writes it as a {@link KeywordHourlyLine}.
     * Slices arrive in key order and keywords are written in code point order, so each output file is sorted. Per
     * slice, the distinct articles counted go to {@link #DOCS_DIR} ({@code hourId \t lang \t source \t docs}).
     *
     * <p>A copy counts only if it is its id's first copy. Within a slice, the copies of an id are adjacent, first copy
     * first, so the first of each run is taken; that is the id's first copy overall unless some copy of the id would
     * count elsewhere (another slice, or filtered, or after T): those ids, rare (a duplicate whose content changed), are
     * noted from the id batches with their first copy's position, and only that copy counts.
     */
    public static final class SliceCountReducer extends Reducer<CopyKey, AnalyzedCopy, Text, DisplayCount> {
        private final SliceKeywordCounts counts = new SliceKeywordCounts();
        private final Text slice = new Text();
        private final LongWritable docs = new LongWritable();
        private MultipleOutputs<Text, Writable> docsOut;
        private final IdBatches.Bucket bucket = new IdBatches.Bucket();
        /** Ids whose copies disagree on where they count → the position of the first copy. */
        private final Map<String, Position> conflicting = new HashMap<>();
        private final Set<Long> conflictingHashes = new HashSet<>();
        private byte[] previousId = new byte[32];
        private boolean countsTheCopies;
        private Counter afterCutoff;
        private Counter filtered;
        private Counter counted;
        private Counter duplicates;
        private Counter unsafe;

        @Override
        protected void setup(Context ctx) {
            // Every task reads every copy's id; one of them counts the outcomes, so each article is counted once.
            countsTheCopies = ctx.getTaskAttemptID().getTaskID().getId() == 0;
            afterCutoff = ctx.getCounter(KeywordHourlyCounter.AFTER_CUTOFF);
            filtered = ctx.getCounter(KeywordHourlyCounter.FILTERED);
            counted = ctx.getCounter(KeywordHourlyCounter.COUNTED_ARTICLES);
            duplicates = ctx.getCounter(KeywordHourlyCounter.DUPLICATES);
            unsafe = ctx.getCounter(KeywordHourlyCounter.UNSAFE_KEYWORDS);
            docsOut = docsOutput(ctx);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static MultipleOutputs<Text, Writable> docsOutput(Context ctx) {
            // The side file's value is a LongWritable, not the view's DisplayCount; TextOutputFormat writes either.
            return new MultipleOutputs<Text, Writable>((TaskInputOutputContext) ctx);
        }

        @Override
        protected void cleanup(Context ctx) throws IOException, InterruptedException {
            docsOut.close();
        }

        @Override
        protected void reduce(CopyKey key, Iterable<AnalyzedCopy> values, Context ctx) throws IOException, InterruptedException {
            if (key.isIdRecord()) {
                readIdBatches(key, values);
            } else {
                countSlice(key, values, ctx);
            }
        }

        /**
         * Every id batch of this task, in one call, bucket after bucket (the key moves along with the values): each
         * bucket's copies are sorted and walked per id ({@link IdBatches.Bucket}).
         */
        private void readIdBatches(CopyKey key, Iterable<AnalyzedCopy> batches) throws IOException {
            int current = -1;
            for (AnalyzedCopy batch : batches) {
                if (!batch.isIdBatch()) {
                    throw new IOException("corrupt map output: an id record without an id batch");
                }
                if (key.bucket() != current && !bucket.isEmpty()) {
                    bucket.forEachId(this::endOfId);
                }
                current = key.bucket();
                bucket.add(batch.batchBytes(), batch.batchLength());
            }
            if (!bucket.isEmpty()) {
                bucket.forEachId(this::endOfId);
            }
        }

        /** One id's copies are read: note it if they disagree; count its first copy's outcome (in one task only). */
        private void endOfId(IdBatches.Entry first, int copies, boolean agree) {
            if (!agree) {
                conflicting.put(first.id(), new Position(first.partition(), first.offset()));
                conflictingHashes.add(first.hash());
            }
            if (!countsTheCopies) {
                return;
            }
            if (copies > 1) {
                duplicates.increment(copies - 1);
            }
            switch (first.outcome()) {
                case AFTER_CUTOFF -> afterCutoff.increment(1);
                case FILTERED -> filtered.increment(1);
                case COUNTED -> {
                    if (first.unsafeKeywords() > 0) {
                        unsafe.increment(first.unsafeKeywords());
                    }
                    counted.increment(1);
                }
            }
        }

        /** The counted copies of one slice, sorted by id, first copy of each id first. */
        private void countSlice(CopyKey key, Iterable<AnalyzedCopy> articles, Context ctx) throws IOException, InterruptedException {
            String slicePrefix = key.slicePrefix();
            long distinct = 0;
            int previousLength = -1;
            long previousHash = 0;
            for (AnalyzedCopy a : articles) {
                if (previousLength >= 0 && key.idHash() == previousHash && key.idEquals(previousId, previousLength)) {
                    continue; // a later copy of the id just counted (or not): never counts
                }
                previousHash = key.idHash();
                previousId = key.copyIdTo(previousId);
                previousLength = key.idLength();
                if (!conflicting.isEmpty() && conflictingHashes.contains(previousHash)) {
                    Position firstPosition = conflicting.get(key.id());
                    if (firstPosition != null && !firstPosition.is(key)) {
                        continue; // the id's first copy counts elsewhere, or not at all
                    }
                }
                distinct++;
                for (int i = 0; i < a.keywordCount(); i++) {
                    counts.add(a.canonical(i), a.display(i), a.author());
                }
            }
            counts.writeTo(slicePrefix, ctx::write);
            if (distinct > 0) { // 0: every copy in the slice was a later copy of an id counted elsewhere
                slice.set(slicePrefix.substring(0, slicePrefix.length() - 1)); // without the trailing tab
                docs.set(distinct);
                docsOut.write(slice, docs, DOCS_DIR + "/part");
            }
        }

        /** A copy's Kafka position. */
        private record Position(int partition, long offset) {
            boolean is(CopyKey key) {
                return partition == key.partition() && offset == key.offset();
            }
        }
    }
}
