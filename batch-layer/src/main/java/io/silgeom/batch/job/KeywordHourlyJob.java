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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts, per UTC hour, lang and source, the distinct articles that mention each keyword, over the whole raw archive,
 * for event times before the cutoff {@code T}. Two chained MapReduce stages:
 *
 * <ol>
 *   <li><b>article-dedupe+extract</b>: {@link ArticleAnalysisMapper} reads every {@code raw/articles/dt=* /hr=*} line
 *       (small files packed into splits of about {@link #DEFAULT_SPLIT_BYTES} by {@link ArchiveInputFormat}), drops
 *       lines at or past the run's snapshot offset of their partition, re-validates the rest (without the
 *       arrival-relative rules), and analyzes each copy whose event time is before {@code T} with core's
 *       {@link DocumentAnalyzer} (content policy, then keywords: the speed layer's very code and configuration keys,
 *       {@link #configurePolicy}); it writes the analysis ({@link AnalyzedCopy}: hour, lang, source, author,
 *       keywords) keyed by article id. {@link QuarantineCountMapper} only counts the dead letters of the same offset
 *       range, for the run's invalid share. {@link FirstCopyReducer} keeps the copy with the smallest
 *       {@code (partition, offset)} (the first copy counts, as in the speed view) and, if it counts, writes it keyed
 *       by its slice (hour, lang, source).
 *   <li><b>keyword-hourly</b>: identity map; {@link SliceKeywordReducer} gets every counted article of a slice and
 *       counts per keyword the authorless articles plus the distinct social authors (one social author counts at
 *       most once per keyword, language and hour, as in the speed view) into {@code views/keyword_hourly/v=<version>/},
 *       lines of {@link KeywordHourlyLine}.
 * </ol>
 *
 * <p>Usage: {@code keyword-hourly -D silgeom.batch.cutoff=<ISO hour> -D silgeom.batch.offsets=<topic:p=next,…> <hdfs-root> <version>}
 * (see {@link #configure}). Exit code 0 on success, 2 on bad arguments, 1 on any other failure. The intermediate
 * stage-1 output lives under {@code <hdfs-root>/tmp/} and is deleted when the run ends, whatever the outcome.
 */
public final class KeywordHourlyJob extends Configured implements Tool {
    /** Job parameter: the cutoff T, an ISO instant on an hour boundary, exclusive. */
    public static final String CONF_CUTOFF = "silgeom.batch.cutoff";
    /** Job parameter: snapshot offsets, {@code topic:partition=nextOffset,…}; lines at or past them are skipped. */
    public static final String CONF_OFFSETS = "silgeom.batch.offsets";
    /**
     * Stage 1's input split size when {@code mapreduce.input.fileinputformat.split.maxsize} is not set. The archive
     * holds many small files (one per partition, hour and flush); one map task each would pay a task's set-up per
     * file, so small files are packed into splits of about this size: enough of them that the last ones finish
     * close together. On a cluster with many slots, a larger size (-D) saves task start-ups.
     */
    static final long DEFAULT_SPLIT_BYTES = 16L << 20;
    /**
     * Stage 1's map output buffer when {@code mapreduce.task.io.sort.mb} is not set: the analysis of a 16 MiB split
     * is about 10 MB, so Hadoop's default of 100 MB would only be allocated (and zeroed) for nothing by every task.
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
        Path stage1Out = new Path(layout.scratch(), "keyword-hourly-" + version + "-" + UUID.randomUUID());
        try {
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
            Job stage1 = stage1(conf, layout, haveRaw, haveQuarantine, stage1Out, version);
            if (!stage1.waitForCompletion(false)) {
                LOG.error("keyword-hourly: stage 1 (article-dedupe+extract) failed: {}", stage1.getStatus().getFailureInfo());
                return 1;
            }
            long stage1Done = System.nanoTime();
            Job stage2 = stage2(conf, stage1Out, output, version);
            if (!stage2.waitForCompletion(false)) {
                LOG.error("keyword-hourly: stage 2 (keyword-hourly) failed: {}", stage2.getStatus().getFailureInfo());
                return 1;
            }
            long rows = stage2.getCounters().findCounter(TaskCounter.REDUCE_OUTPUT_RECORDS).getValue();
            lastCounts = KeywordHourlyCounts.of(stage1.getCounters(), rows);
            LOG.info("keyword-hourly: stage 1 {} ms ({} analyzed copies, {} bytes shuffled), stage 2 {} ms ({} articles "
                            + "in, {} rows out)", (stage1Done - started) / 1_000_000,
                    taskCount(stage1, TaskCounter.MAP_OUTPUT_RECORDS), taskCount(stage1, TaskCounter.MAP_OUTPUT_BYTES),
                    (System.nanoTime() - stage1Done) / 1_000_000, taskCount(stage2, TaskCounter.MAP_INPUT_RECORDS), rows);
            LOG.info("keyword-hourly: version {} written to {}: {}", version, output, lastCounts);
            return 0;
        } finally {
            if (fs.exists(stage1Out) && !fs.delete(stage1Out, true)) {
                LOG.warn("keyword-hourly: could not delete intermediate output {}", stage1Out);
            }
        }
    }

    private static long taskCount(Job job, Enum<?> counter) throws IOException {
        return job.getCounters().findCounter(counter).getValue();
    }

    private static boolean hasMatches(FileSystem fs, Path glob) throws IOException {
        FileStatus[] matches = fs.globStatus(glob, VISIBLE);
        return matches != null && matches.length > 0;
    }

    private static Job stage1(Configuration conf, HdfsLayout layout, boolean haveRaw, boolean haveQuarantine,
                              Path out, String version) throws IOException {
        Job job = Job.getInstance(conf, "silgeom article-dedupe+extract v=" + version);
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
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(AnalyzedCopy.class);
        job.setReducerClass(FirstCopyReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(AnalyzedCopy.class);
        job.setOutputFormatClass(SequenceFileOutputFormat.class);
        FileOutputFormat.setOutputPath(job, out);
        return job;
    }

    private static Job stage2(Configuration conf, Path in, Path out, String version) throws IOException {
        Job job = Job.getInstance(conf, "silgeom keyword-hourly v=" + version);
        job.setJarByClass(KeywordHourlyJob.class);
        job.setInputFormatClass(SequenceFileInputFormat.class);
        FileInputFormat.addInputPath(job, in);
        mergeInOnePass(job);
        job.setMapperClass(Mapper.class); // identity: stage 1 already keyed the articles by slice
        // No combiner: the values are whole articles (the reduce needs each one's keywords and author), and one
        // record per counted article is already far fewer than one per (slice, keyword).
        job.setReducerClass(SliceKeywordReducer.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(AnalyzedCopy.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(DisplayCount.class);
        job.setOutputFormatClass(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, out);
        return job;
    }

    /**
     * Unless set: a reduce task merges all its map outputs at once (one per split: more than Hadoop's default of 10)
     * and keeps what fits of them in memory while it reduces, instead of writing them to disk first. Both stages'
     * reduces hold little else (one article, or one slice's keywords).
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
     * Stage 1 map, raw lines. In: a raw archive line. Out: (article id, its {@link AnalyzedCopy}) for lines of this run's
     * input that re-validate; the rest only move counters. Analysis happens here, once per copy, so the shuffle carries
     * keywords instead of raw lines and the analysis runs in as many tasks as the input has splits.
     */
    public static final class ArticleAnalysisMapper extends Mapper<LongWritable, Text, Text, AnalyzedCopy> {
        private final Text articleId = new Text();
        private final AnalyzedCopy copy = new AnalyzedCopy();
        private ArticleValidator validator;
        private DocumentAnalyzer analyzer;
        private Map<String, Long> snapshot;
        private Instant cutoff;
        private Counter rawLines;

        @Override
        protected void setup(Context ctx) {
            validator = validator();
            analyzer = JobAnalyzer.of(ctx.getJobID(), ctx.getConfiguration());
            snapshot = parseOffsets(ctx.getConfiguration().get(CONF_OFFSETS));
            cutoff = Instant.parse(ctx.getConfiguration().get(CONF_CUTOFF));
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
            articleId.set(valid.article().id());
            Instant eventTime = valid.article().publishedAt();
            if (!eventTime.isBefore(cutoff)) { // T is exclusive: hour T and later belong to the speed view
                copy.setAfterCutoff(kafka.partition(), kafka.offset());
                ctx.write(articleId, copy);
                return;
            }
            Analysis analysis = analyzer.analyze(valid.article());
            if (analysis.filtered()) {
                copy.setFiltered(kafka.partition(), kafka.offset());
                ctx.write(articleId, copy);
                return;
            }
            copy.setCounted(kafka.partition(), kafka.offset(), TimeBuckets.hourId(eventTime), analysis.lang(),
                    valid.article().source().wireName(), valid.article().countedAuthor().orElse(""));
            for (Keyword k : analysis.keywords()) {
                if (hasLineBreakOrTab(k.canonical()) || hasLineBreakOrTab(k.display())) {
                    copy.addUnsafeKeyword();
                } else {
                    copy.addKeyword(k.canonical(), k.display());
                }
            }
            ctx.write(articleId, copy);
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

    /** Stage 1 map, quarantine. In: a dead-letter line. Out: nothing; counts the dead letters below the snapshot. */
    public static final class QuarantineCountMapper extends Mapper<LongWritable, Text, Text, AnalyzedCopy> {
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
     * Stage 1 reduce. In: every analyzed copy of one article id. Out: the first copy, if it counts, keyed by its slice
     * "hourId \t lang \t source \t", for stage 2 to count per slice.
     */
    public static final class FirstCopyReducer extends Reducer<Text, AnalyzedCopy, Text, AnalyzedCopy> {
        private final AnalyzedCopy first = new AnalyzedCopy();
        private final Text slice = new Text();
        private Counter afterCutoff;
        private Counter filtered;
        private Counter counted;

        @Override
        protected void setup(Context ctx) {
            afterCutoff = ctx.getCounter(KeywordHourlyCounter.AFTER_CUTOFF);
            filtered = ctx.getCounter(KeywordHourlyCounter.FILTERED);
            counted = ctx.getCounter(KeywordHourlyCounter.COUNTED_ARTICLES);
        }

        @Override
        protected void reduce(Text id, Iterable<AnalyzedCopy> copies, Context ctx) throws IOException, InterruptedException {
            long n = 0;
            for (AnalyzedCopy c : copies) {
                if (n == 0 || c.isBefore(first)) {
                    first.set(c); // a copy: Hadoop reuses c for the next value
                }
                n++;
            }
            if (n > 1) {
                ctx.getCounter(KeywordHourlyCounter.DUPLICATES).increment(n - 1);
            }
            switch (first.outcome()) {
                case AFTER_CUTOFF -> afterCutoff.increment(1);
                case FILTERED -> filtered.increment(1);
                case COUNTED -> {
                    if (first.unsafeKeywords() > 0) {
                        ctx.getCounter(KeywordHourlyCounter.UNSAFE_KEYWORDS).increment(first.unsafeKeywords());
                    }
                    counted.increment(1);
                    first.sliceTo(slice);
                    ctx.write(slice, first);
                }
            }
        }
    }

    /**
     * Stage 2 reduce. In: ("hourId \t lang \t source \t", every counted article of that slice). Out: per keyword of
     * the slice, ("hourId \t lang \t source \t canonical", (count, smallest display form)), the count being the
     * authorless articles plus the distinct social authors; {@code TextOutputFormat} writes it as a
     * {@link KeywordHourlyLine}. Slices arrive in key order and keywords are written in code point order, so each
     * output file is sorted.
     */
    public static final class SliceKeywordReducer extends Reducer<Text, AnalyzedCopy, Text, DisplayCount> {
        private final SliceKeywordCounts counts = new SliceKeywordCounts();

        @Override
        protected void reduce(Text slice, Iterable<AnalyzedCopy> articles, Context ctx) throws IOException, InterruptedException {
            for (AnalyzedCopy a : articles) {
                for (int i = 0; i < a.keywordCount(); i++) {
                    counts.add(a.canonical(i), a.display(i), a.author());
                }
            }
            counts.writeTo(slice.toString(), ctx::write);
        }
    }
}
