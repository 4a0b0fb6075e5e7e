package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature-store table for analysts and ML: per keyword, lang, source and hour with at least one mention, its
 * count, the baseline that hour had AT THAT TIME, and the trend score. Reads {@code views/keyword_hourly/v=<version>/},
 * writes {@code views/features/v=<version>/}, tab-separated:
 *
 * <pre>hour \t keyword \t lang \t source \t count \t baseline \t score \t docs_in_hour
 * 2024050109 \t flood \t en \t news \t 7 \t 1.5 \t 3.478505 \t 120</pre>
 *
 * <ul>
 *   <li><b>Point-in-time correct</b>: the baseline of hour {@code h} (day {@code D}, hour of day {@code HH}) is the
 *       mean count at {@code HH} over the {@code batch.baseline.days} days strictly before {@code D} (days before the
 *       first archived day left out; a covered hour without a mention counts 0). It uses nothing at or after
 *       {@code D}, so a model trained on the table never sees the future. {@code \N} (Hive NULL) when no earlier day
 *       is archived, and then the score too.
 *   <li>{@code score = (count - baseline) / sqrt(baseline + 1)}: the serving layer's trend score
 *       ({@code TrendScorer.score} in serving-layer, documented here rather than depended on: the batch layer does not
 *       depend on the serving layer).
 *   <li>lang and source include the roll-up slices ({@code all}), as in the baselines view.
 *   <li>{@code docs_in_hour}: the distinct articles counted in that hour, lang and source (any keyword; roll-ups
 *       summed), from the view's {@link KeywordHourlyJob#DOCS_DIR}; {@code \N} for a view written without it.
 * </ul>
 *
 * Map: a view line → (keyword \t lang \t source, (hour, count)) per roll-up slice. Combine: sum counts of the same hour.
 * Reduce: the triple's whole hourly series (at most the archive's hours) in memory, then one line per hour.
 */
public final class KeywordFeaturesJob extends Configured implements Tool {
    /** Written where a value is unknown: Hive's NULL in text tables. */
    public static final String NULL = "\\N";
    /** Job parameter, set by {@link #run}: the keyword-hourly view's per-slice document counts, if it has them. */
    static final String CONF_DOCS = "silgeom.batch.features.docs";

    private static final Logger LOG = LoggerFactory.getLogger(KeywordFeaturesJob.class);

    private Long lastRows;

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new KeywordFeaturesJob(), args));
    }

    public static void configure(Configuration conf, Instant cutoff, int days, Optional<LocalDate> firstDay) {
        conf.set(KeywordHourlyJob.CONF_CUTOFF, cutoff.toString());
        conf.setInt(BaselinesJob.CONF_DAYS, days);
        conf.set(BaselinesJob.CONF_FIRST_DAY, firstDay.map(LocalDate::toString).orElse(""));
    }

    /** Lines the last successful {@link #run} wrote; empty before one. */
    public OptionalLong lastRows() {
        return lastRows == null ? OptionalLong.empty() : OptionalLong.of(lastRows);
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        if (args.length != 2 || conf.get(KeywordHourlyJob.CONF_CUTOFF) == null || conf.getInt(BaselinesJob.CONF_DAYS, 28) < 1) {
            System.err.println("Usage: features -D " + KeywordHourlyJob.CONF_CUTOFF + "=<ISO hour> -D "
                    + BaselinesJob.CONF_DAYS + "=N [-D " + BaselinesJob.CONF_FIRST_DAY + "=YYYY-MM-DD] <hdfs-root> <version>");
            return 2;
        }
        HdfsLayout layout = HdfsLayout.of(args[0]);
        String version = args[1];
        Path input = layout.keywordHourlyView(version);
        Path output = ViewPaths.featuresView(layout, version);
        FileSystem fs = input.getFileSystem(conf);
        if (!fs.exists(new Path(input, "_SUCCESS"))) {
            LOG.error("features: the keyword-hourly view {} is missing or incomplete (no _SUCCESS)", input);
            return 1;
        }
        Path docs = new Path(input, KeywordHourlyJob.DOCS_DIR);
        Job job = Job.getInstance(conf, "silgeom features v=" + version);
        // A view written before the job counted documents has none: docs_in_hour stays NULL then.
        job.getConfiguration().set(CONF_DOCS, fs.exists(docs) ? docs.toString() : "");
        job.setJarByClass(KeywordFeaturesJob.class);
        job.setInputFormatClass(TextInputFormat.class);
        FileInputFormat.addInputPath(job, input);
        FileInputFormat.setInputPathFilter(job, KeywordHourlyJob.VisibleFiles.class);
        job.setMapperClass(FeatureMapper.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(HourCount.class);
        job.setCombinerClass(SameHourSumCombiner.class);
        job.setReducerClass(FeatureReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(NullWritable.class);
        // Lazily, for the reason KeywordHourlyJob gives: no filesystem statistics walk per written line.
        LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        if (!job.waitForCompletion(false)) {
            LOG.error("features: job failed: {}", job.getStatus().getFailureInfo());
            return 1;
        }
        lastRows = job.getCounters().findCounter(BaselineCounter.ROWS).getValue();
        LOG.info("features: version {} written to {}: {} rows", version, output, lastRows);
        return 0;
    }

    /** The serving layer's trend score: {@code (count - baseline) / sqrt(baseline + 1)}. */
    static double score(long count, double baseline) {
        return (count - baseline) / Math.sqrt(baseline + 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // USER FUNCTIONS
    // ---------------------------------------------------------------------------------------------------------------

    /** In: a keyword-hourly view line. Out: per roll-up slice, (keyword \t lang \t source, (hour, count)). */
    public static final class FeatureMapper extends Mapper<LongWritable, Text, Text, HourCount> {
        private final Text key = new Text();
        private final HourCount value = new HourCount();
        private final StringBuilder keyText = new StringBuilder();

        @Override
        protected void map(LongWritable pos, Text text, Context ctx) throws IOException, InterruptedException {
            ctx.getCounter(BaselineCounter.VIEW_LINES).increment(1);
            KeywordHourlyLine line;
            Instant hour;
            List<Slice> slices;
            try {
                line = KeywordHourlyLine.parse(text.toString());
                hour = TimeBuckets.parseHourId(line.hourId());
                slices = Slice.rollUps(line.lang(), line.source());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                ctx.getCounter(BaselineCounter.BAD_LINES).increment(1);
                return;
            }
            value.set(hour.getEpochSecond() / 3600, line.count());
            for (Slice slice : slices) {
                keyText.setLength(0);
                keyText.append(line.canonical()).append('\t').append(slice.lang()).append('\t').append(slice.source());
                key.set(keyText.toString());
                ctx.write(key, value);
            }
        }
    }

    /** Combine: sums the counts of the same hour (the roll-up slices of one split meet here). */
    public static final class SameHourSumCombiner extends Reducer<Text, HourCount, Text, HourCount> {
        private final Map<Long, Long> byHour = new HashMap<>();
        private final HourCount out = new HourCount();

        @Override
        protected void reduce(Text key, Iterable<HourCount> values, Context ctx) throws IOException, InterruptedException {
            byHour.clear();
            for (HourCount v : values) {
                byHour.merge(v.hour(), v.count(), Long::sum);
            }
            for (Map.Entry<Long, Long> e : byHour.entrySet()) {
                out.set(e.getKey(), e.getValue());
                ctx.write(key, out);
            }
        }
    }

    /** Reduce: one triple's hourly series → one line per hour with a mention, with its point-in-time baseline. */
    public static final class FeatureReducer extends Reducer<Text, HourCount, Text, NullWritable> {
        private final TreeMap<Long, Long> series = new TreeMap<>();
        private final Text line = new Text();
        private final StringBuilder text = new StringBuilder();
        private int days;
        private long firstDayHour; // hours since the epoch of the first archived day's midnight; MIN_VALUE = unknown
        /** "hours since the epoch \t lang \t source" (roll-ups included) → distinct articles; null: not known. */
        private Map<String, Long> docsBySlice;

        @Override
        protected void setup(Context ctx) throws IOException {
            Configuration conf = ctx.getConfiguration();
            days = conf.getInt(BaselinesJob.CONF_DAYS, 28);
            String first = conf.get(BaselinesJob.CONF_FIRST_DAY, "");
            firstDayHour = first.isBlank() ? Long.MIN_VALUE : LocalDate.parse(first).toEpochDay() * 24;
            String docs = conf.get(CONF_DOCS, "");
            docsBySlice = docs.isEmpty() ? null : readDocs(new Path(docs), conf);
        }

        /**
         * The view's per-slice document counts, summed into their roll-up slices (an article is in exactly one
         * hour, lang and source, so the sums are distinct articles too). Small: one line per hour and slice.
         */
        static Map<String, Long> readDocs(Path dir, Configuration conf) throws IOException {
            Map<String, Long> out = new HashMap<>();
            FileSystem fs = dir.getFileSystem(conf);
            for (FileStatus st : fs.listStatus(dir, new KeywordHourlyJob.VisibleFiles())) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()), StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        String[] c = l.split("\t", -1);
                        if (c.length != 4) {
                            throw new IOException("bad line in " + st.getPath() + ": " + l);
                        }
                        long hour;
                        long docs;
                        try {
                            hour = TimeBuckets.parseHourId(c[0]).getEpochSecond() / 3600;
                            docs = Long.parseLong(c[3]);
                        } catch (DateTimeParseException | NumberFormatException e) {
                            throw new IOException("bad line in " + st.getPath() + ": " + l, e);
                        }
                        for (Slice slice : Slice.rollUps(c[1], c[2])) {
                            out.merge(hour + "\t" + slice.lang() + '\t' + slice.source(), docs, Long::sum);
                        }
                    }
                }
            }
            return out;
        }

        @Override
        protected void reduce(Text key, Iterable<HourCount> values, Context ctx) throws IOException, InterruptedException {
            series.clear();
            for (HourCount v : values) {
                series.merge(v.hour(), v.count(), Long::sum);
            }
            ctx.getCounter(BaselineCounter.KEYS).increment(1);
            String keyText = key.toString();
            String langSource = keyText.substring(keyText.indexOf('\t')); // "\t lang \t source"
            for (Map.Entry<Long, Long> e : series.entrySet()) {
                long hour = e.getKey();
                long count = e.getValue();
                long sum = 0;
                int covered = 0;
                // The same hour of day on each of the `days` days before this hour's day, not before the archive.
                for (int d = 1; d <= days; d++) {
                    long earlier = hour - 24L * d;
                    if (earlier - Math.floorMod(earlier, 24) < firstDayHour) {
                        break;
                    }
                    covered++;
                    sum += series.getOrDefault(earlier, 0L);
                }
                text.setLength(0);
                text.append(TimeBuckets.hourId(Instant.ofEpochSecond(hour * 3600))).append('\t').append(key).append('\t')
                        .append(count).append('\t');
                if (covered == 0) {
                    text.append(NULL).append('\t').append(NULL);
                } else {
                    double baseline = (double) sum / covered;
                    text.append(BaselinesJob.mean(sum, covered)).append('\t').append(BaselinesJob.decimal(score(count, baseline)));
                }
                Long docs = docsBySlice == null ? null : docsBySlice.get(hour + langSource);
                text.append('\t').append(docs == null ? NULL : docs.toString());
                line.set(text.toString());
                ctx.write(line, NullWritable.get());
                ctx.getCounter(BaselineCounter.ROWS).increment(1);
            }
        }
    }
}
