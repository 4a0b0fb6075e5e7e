package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.archive.KafkaPosition;
import io.silgeom.batch.archive.RawLine;
import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Settings;
import io.silgeom.core.json.ArticleJson;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.text.KeywordExtractor;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
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
 *   <li><b>article-dedupe+extract</b>: {@link ArticleLineMapper} reads every {@code raw/articles/dt=* /hr=*} line,
 *       drops lines at or past the run's snapshot offset of their partition, re-validates the rest (without the
 *       arrival-relative rules) and keys each copy by article id; {@link QuarantineCountMapper} only counts the
 *       dead letters of the same offset range, for the run's invalid share. {@link FirstCopyKeywordReducer} keeps the
 *       copy with the smallest {@code (partition, offset)} (the first copy counts, as in the speed view), and if its
 *       event time is before {@code T}, analyzes it with core's {@link DocumentAnalyzer} (content policy, then
 *       keywords: the speed layer's very code and configuration keys, {@link #configurePolicy}) and emits one record
 *       per (hour, lang, source, keyword), carrying the author of a social post.
 *   <li><b>keyword-hourly</b>: {@link AuthorAwareSumCombiner} sums authorless records and keeps one record per
 *       distinct author; {@link KeywordSumReducer} adds the authorless sum and the number of distinct authors (one
 *       social author counts at most once per keyword, language and hour, as in the speed view) into
 *       {@code views/keyword_hourly/v=<version>/}, lines of {@link KeywordHourlyLine}.
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
            Job stage1 = stage1(conf, layout, haveRaw, haveQuarantine, stage1Out, version);
            if (!stage1.waitForCompletion(false)) {
                LOG.error("keyword-hourly: stage 1 (article-dedupe+extract) failed: {}", stage1.getStatus().getFailureInfo());
                return 1;
            }
            Job stage2 = stage2(conf, stage1Out, output, version);
            if (!stage2.waitForCompletion(false)) {
                LOG.error("keyword-hourly: stage 2 (keyword-hourly) failed: {}", stage2.getStatus().getFailureInfo());
                return 1;
            }
            long rows = stage2.getCounters().findCounter(TaskCounter.REDUCE_OUTPUT_RECORDS).getValue();
            lastCounts = KeywordHourlyCounts.of(stage1.getCounters(), rows);
            LOG.info("keyword-hourly: version {} written to {}: {}", version, output, lastCounts);
            return 0;
        } finally {
            if (fs.exists(stage1Out) && !fs.delete(stage1Out, true)) {
                LOG.warn("keyword-hourly: could not delete intermediate output {}", stage1Out);
            }
        }
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
        if (haveRaw) {
            MultipleInputs.addInputPath(job, layout.rawHourGlob(), TextInputFormat.class, ArticleLineMapper.class);
        }
        if (haveQuarantine) {
            MultipleInputs.addInputPath(job, layout.quarantineGlob(), TextInputFormat.class, QuarantineCountMapper.class);
        }
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(ArchivedLine.class);
        job.setReducerClass(FirstCopyKeywordReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(DisplayCount.class);
        job.setOutputFormatClass(SequenceFileOutputFormat.class);
        FileOutputFormat.setOutputPath(job, out);
        return job;
    }

    private static Job stage2(Configuration conf, Path in, Path out, String version) throws IOException {
        Job job = Job.getInstance(conf, "silgeom keyword-hourly v=" + version);
        job.setJarByClass(KeywordHourlyJob.class);
        job.setInputFormatClass(SequenceFileInputFormat.class);
        FileInputFormat.addInputPath(job, in);
        job.setMapperClass(Mapper.class); // identity: stage 1 already keyed the records
        // Safe as a combiner: summing is associative and commutative, and each stage-1 record is one distinct
        // article (stage 1 deduped by id), so partial sums never count an article twice.
        job.setCombinerClass(AuthorAwareSumCombiner.class);
        job.setReducerClass(KeywordSumReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(DisplayCount.class);
        job.setOutputFormatClass(TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, out);
        return job;
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
     * Stage 1 map, raw lines. In: a raw archive line. Out: (article id, its {@link ArchivedLine}), for lines of this
     * run's input that re-validate; the rest only move counters.
     */
    public static final class ArticleLineMapper extends Mapper<LongWritable, Text, Text, ArchivedLine> {
        private final Text articleId = new Text();
        private final ArchivedLine copy = new ArchivedLine();
        private ArticleValidator validator;
        private Map<String, Long> snapshot;

        @Override
        protected void setup(Context ctx) {
            validator = validator();
            snapshot = parseOffsets(ctx.getConfiguration().get(CONF_OFFSETS));
        }

        @Override
        protected void map(LongWritable pos, Text value, Context ctx) throws IOException, InterruptedException {
            ctx.getCounter(KeywordHourlyCounter.RAW_LINES).increment(1);
            KafkaPosition kafka;
            try {
                kafka = RawLine.position(value.getBytes(), value.getLength());
            } catch (IOException e) {
                ctx.getCounter(KeywordHourlyCounter.INVALID).increment(1);
                return;
            }
            Long next = snapshot.get(kafka.partitionKey());
            if (next == null || kafka.offset() >= next) {
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
            copy.set(kafka.partition(), kafka.offset(), line, line.length);
            ctx.write(articleId, copy);
        }
    }

    /** Stage 1 map, quarantine. In: a dead-letter line. Out: nothing; counts the dead letters below the snapshot. */
    public static final class QuarantineCountMapper extends Mapper<LongWritable, Text, Text, ArchivedLine> {
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
     * Stage 1 reduce. In: every archived copy of one article id. Out: for the first copy, if its event time is before
     * T, one ("hourId \t lang \t source \t canonical", (1, display)) per keyword of its analysis.
     */
    public static final class FirstCopyKeywordReducer extends Reducer<Text, ArchivedLine, Text, DisplayCount> {
        private final ArchivedLine first = new ArchivedLine();
        private final Text outKey = new Text();
        private final DisplayCount one = new DisplayCount();
        private final StringBuilder keyText = new StringBuilder();
        private ArticleValidator validator;
        private DocumentAnalyzer analyzer;
        private Instant cutoff;

        @Override
        protected void setup(Context ctx) {
            validator = validator();
            // Once per task: loading the dictionaries and the model takes a moment.
            analyzer = DocumentAnalyzer.create(ContentPolicy.from(policySettings(ctx.getConfiguration())),
                    KeywordExtractor.create());
            cutoff = Instant.parse(ctx.getConfiguration().get(CONF_CUTOFF));
        }

        @Override
        protected void reduce(Text id, Iterable<ArchivedLine> copies, Context ctx) throws IOException, InterruptedException {
            long n = 0;
            for (ArchivedLine c : copies) {
                if (n == 0 || c.isBefore(first)) {
                    first.set(c); // a copy: Hadoop reuses c for the next value
                }
                n++;
            }
            ctx.getCounter(KeywordHourlyCounter.DUPLICATES).increment(n - 1);
            byte[] line = Arrays.copyOf(first.line().getBytes(), first.line().getLength());
            if (!(validator.validate(line, null) instanceof Verdict.Valid valid)) {
                // The mapper validated this very line with the same rules; reaching here is a bug, not bad data.
                throw new IllegalStateException("line of article " + id + " passed validation in the map and failed it in the reduce");
            }
            Instant eventTime = valid.article().publishedAt();
            if (!eventTime.isBefore(cutoff)) { // T is exclusive: hour T and later belong to the speed view
                ctx.getCounter(KeywordHourlyCounter.AFTER_CUTOFF).increment(1);
                return;
            }
            Analysis analysis = analyzer.analyze(valid.article());
            if (analysis.filtered()) {
                ctx.getCounter(KeywordHourlyCounter.FILTERED).increment(1);
                return;
            }
            String author = valid.article().countedAuthor().orElse("");
            String prefix = TimeBuckets.hourId(eventTime) + "\t" + analysis.lang() + "\t" + valid.article().source().wireName() + "\t";
            for (Keyword k : analysis.keywords()) {
                if (hasLineBreakOrTab(k.canonical()) || hasLineBreakOrTab(k.display())) {
                    ctx.getCounter(KeywordHourlyCounter.UNSAFE_KEYWORDS).increment(1);
                    continue;
                }
                keyText.setLength(0);
                keyText.append(prefix).append(k.canonical());
                outKey.set(keyText.toString());
                one.set(1, k.display(), author);
                ctx.write(outKey, one);
            }
            ctx.getCounter(KeywordHourlyCounter.COUNTED_ARTICLES).increment(1);
        }

        private static boolean hasLineBreakOrTab(String s) {
            return s.indexOf('\t') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
        }
    }

    /**
     * Stage 2 reduce. In: ("hourId \t lang \t source \t canonical", counts). Out: the same key with the sum of the
     * authorless counts plus the number of distinct social authors, and the smallest display form; {@code
     * TextOutputFormat} writes it as a {@link KeywordHourlyLine}.
     */
    public static final class KeywordSumReducer extends Reducer<Text, DisplayCount, Text, DisplayCount> {
        private final DisplayCount sum = new DisplayCount();
        private final Text display = new Text();
        private final Set<Text> authors = new HashSet<>();

        @Override
        protected void reduce(Text key, Iterable<DisplayCount> counts, Context ctx) throws IOException, InterruptedException {
            long total = 0;
            boolean first = true;
            authors.clear();
            for (DisplayCount c : counts) {
                if (!c.hasAuthor()) {
                    total += c.count();
                } else if (!authors.contains(c.author())) {
                    authors.add(new Text(c.author())); // a copy: Hadoop reuses c for the next value
                }
                if (first || c.display().compareTo(display) < 0) {
                    display.set(c.display());
                    first = false;
                }
            }
            sum.set(total + authors.size(), display);
            ctx.write(key, sum);
        }
    }

    /**
     * Stage 2 combine: the authorless counts of a key summed into one record, and one record per distinct author (a
     * sum would lose who wrote what, and the reduce must count each author once). Safe to run any number of times.
     */
    public static final class AuthorAwareSumCombiner extends Reducer<Text, DisplayCount, Text, DisplayCount> {
        private final DisplayCount out = new DisplayCount();
        private final Text display = new Text();
        private final Map<Text, Text> authorDisplay = new HashMap<>();

        @Override
        protected void reduce(Text key, Iterable<DisplayCount> counts, Context ctx) throws IOException, InterruptedException {
            long authorless = 0;
            boolean anyAuthorless = false;
            authorDisplay.clear();
            for (DisplayCount c : counts) {
                if (!c.hasAuthor()) {
                    if (!anyAuthorless || c.display().compareTo(display) < 0) {
                        display.set(c.display());
                    }
                    anyAuthorless = true;
                    authorless += c.count();
                } else {
                    Text seen = authorDisplay.get(c.author());
                    if (seen == null) {
                        authorDisplay.put(new Text(c.author()), new Text(c.display()));
                    } else if (c.display().compareTo(seen) < 0) {
                        seen.set(c.display());
                    }
                }
            }
            if (anyAuthorless) {
                out.set(authorless, display);
                ctx.write(key, out);
            }
            for (Map.Entry<Text, Text> e : authorDisplay.entrySet()) {
                out.setAuthor(e.getValue(), e.getKey());
                ctx.write(key, out);
            }
        }
    }

    /** The content-policy keys of a job configuration, as {@link Settings}; unset keys take their defaults. */
    static Settings policySettings(Configuration conf) {
        Map<String, String> values = new HashMap<>();
        for (ConfigKey<?> key : ContentPolicy.DEF.keys()) {
            String value = conf.get(key.name());
            if (value != null) {
                values.put(key.name(), value);
            }
        }
        return Settings.of(values);
    }
}
