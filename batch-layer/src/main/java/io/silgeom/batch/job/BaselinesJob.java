package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.time.TimeBuckets;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
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
 * Per keyword, lang and source: the expected count in one hour at each hour of day (UTC), for the serving layer's
 * trend score. Reads {@code views/keyword_hourly/v=<version>/}, writes {@code views/baselines/v=<version>/}, tab-separated:
 *
 * <pre>keyword \t lang \t source \t hour_of_day \t expected \t days        e.g.  flood \t en \t news \t 9 \t 1.25 \t 28</pre>
 *
 * <ul>
 *   <li>{@code expected} = mean count at that hour of day over the {@link BaselineWindow}: the last
 *       {@code batch.baseline.days} days before the cutoff, days before the first archived day left out; an hour
 *       without a mention counts as 0. {@code days} = hours of that hour of day in the window (the divisor).
 *   <li>Each view line counts under its four roll-up slices ({@link Slice#rollUps}), so lang and source may be
 *       {@code all}: the rows the serving layer's slices read, means of sums (a mean is linear, and every slice shares
 *       the divisor).
 *   <li>Only triples with at least {@code batch.baseline.min.mentions} mentions in the window are written, all 24 hours
 *       of day then (zeros included): the rest have too little history for a per-hour mean, and leaving them out bounds
 *       the Redis memory of the loaded baselines. The serving layer falls back to its prior for them.
 *   <li>Hour of day only, no weekday: 28 days give 4 samples per weekday and hour, too few for a per-keyword mean of
 *       news mentions, and the archive rarely holds months. (Weekday profiles would need a key per weekday too.)
 * </ul>
 *
 * Map: a view line → (keyword \t lang \t source, {@link HourOfDayCounts} with one cell) per roll-up slice. Combine:
 * sum the cells (associative). Reduce: sum, check the minimum, divide by the covered days.
 *
 * <p>Usage: {@code baselines -D silgeom.batch.cutoff=<ISO hour> -D silgeom.baseline.days=28
 * -D silgeom.baseline.min.mentions=10 [-D silgeom.batch.first.day=YYYY-MM-DD] <hdfs-root> <version>}. Exit 0 ok,
 * 2 usage, 1 failure.
 */
public final class BaselinesJob extends Configured implements Tool {
    public static final String CONF_DAYS = "silgeom.baseline.days";
    public static final String CONF_MIN_MENTIONS = "silgeom.baseline.min.mentions";
    /** The first archived day, {@code YYYY-MM-DD}; absent or empty when nothing is archived. */
    public static final String CONF_FIRST_DAY = "silgeom.batch.first.day";

    private static final Logger LOG = LoggerFactory.getLogger(BaselinesJob.class);

    private BaselineSummary lastSummary;

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new BaselinesJob(), args));
    }

    public static void configure(Configuration conf, Instant cutoff, int days, int minMentions, Optional<LocalDate> firstDay) {
        conf.set(KeywordHourlyJob.CONF_CUTOFF, cutoff.toString());
        conf.setInt(CONF_DAYS, days);
        conf.setInt(CONF_MIN_MENTIONS, minMentions);
        conf.set(CONF_FIRST_DAY, firstDay.map(LocalDate::toString).orElse(""));
    }

    /** What the last successful {@link #run} wrote; empty before one. */
    public Optional<BaselineSummary> lastSummary() {
        return Optional.ofNullable(lastSummary);
    }

    /** The window the job parameters describe. */
    static BaselineWindow window(Configuration conf) {
        String first = conf.get(CONF_FIRST_DAY, "");
        return BaselineWindow.of(Instant.parse(conf.get(KeywordHourlyJob.CONF_CUTOFF)), conf.getInt(CONF_DAYS, 28),
                first.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(first)));
    }

    @Override
    public int run(String[] args) throws Exception {
        Configuration conf = getConf();
        BaselineWindow window;
        try {
            if (args.length != 2 || conf.get(KeywordHourlyJob.CONF_CUTOFF) == null) {
                throw new IllegalArgumentException("expected <hdfs-root> <version> and -D " + KeywordHourlyJob.CONF_CUTOFF);
            }
            window = window(conf);
            if (conf.getInt(CONF_DAYS, 28) < 1 || conf.getInt(CONF_MIN_MENTIONS, 1) < 1) {
                throw new IllegalArgumentException(CONF_DAYS + " and " + CONF_MIN_MENTIONS + " must be at least 1");
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            System.err.println("baselines: " + e.getMessage());
            System.err.println("Usage: baselines -D " + KeywordHourlyJob.CONF_CUTOFF + "=<ISO hour> -D " + CONF_DAYS
                    + "=N -D " + CONF_MIN_MENTIONS + "=M [-D " + CONF_FIRST_DAY + "=YYYY-MM-DD] <hdfs-root> <version>");
            return 2;
        }
        HdfsLayout layout = HdfsLayout.of(args[0]);
        String version = args[1];
        Path input = layout.keywordHourlyView(version);
        Path output = ViewPaths.baselinesView(layout, version);
        FileSystem fs = input.getFileSystem(conf);
        if (!fs.exists(new Path(input, "_SUCCESS"))) {
            LOG.error("baselines: the keyword-hourly view {} is missing or incomplete (no _SUCCESS)", input);
            return 1;
        }
        Job job = Job.getInstance(conf, "silgeom baselines v=" + version);
        job.setJarByClass(BaselinesJob.class);
        job.setInputFormatClass(TextInputFormat.class);
        FileInputFormat.addInputPath(job, input);
        FileInputFormat.setInputPathFilter(job, KeywordHourlyJob.VisibleFiles.class);
        job.setMapperClass(BaselineMapper.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(HourOfDayCounts.class);
        job.setCombinerClass(HourOfDaySumCombiner.class);
        job.setReducerClass(BaselineReducer.class);
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(NullWritable.class);
        // Lazily, for the reason KeywordHourlyJob gives: no filesystem statistics walk per written line.
        LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        if (!job.waitForCompletion(false)) {
            LOG.error("baselines: job failed: {}", job.getStatus().getFailureInfo());
            return 1;
        }
        Counters c = job.getCounters();
        lastSummary = new BaselineSummary(window.days(), window.firstDay(), window.lastDay(),
                c.findCounter(BaselineCounter.KEYS).getValue(), c.findCounter(BaselineCounter.KEYS_BELOW_MINIMUM).getValue(),
                c.findCounter(BaselineCounter.ROWS).getValue());
        LOG.info("baselines: version {} written to {}: {}", version, output, lastSummary);
        return 0;
    }

    /** A decimal as the views write it: at most 6 fraction digits, no trailing zeros, no exponent. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    /** {@code sum / days} as {@link #decimal}, computed exactly. */
    static String mean(long sum, int days) {
        return new BigDecimal(sum).divide(new BigDecimal(days), 6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // USER FUNCTIONS
    // ---------------------------------------------------------------------------------------------------------------

    /** In: a keyword-hourly view line. Out: per roll-up slice, (keyword \t lang \t source, count in one hour-of-day cell). */
    public static final class BaselineMapper extends Mapper<LongWritable, Text, Text, HourOfDayCounts> {
        private final Text key = new Text();
        private final HourOfDayCounts cell = new HourOfDayCounts();
        private final StringBuilder keyText = new StringBuilder();
        private BaselineWindow window;

        @Override
        protected void setup(Context ctx) {
            window = window(ctx.getConfiguration());
        }

        @Override
        protected void map(LongWritable pos, Text value, Context ctx) throws IOException, InterruptedException {
            ctx.getCounter(BaselineCounter.VIEW_LINES).increment(1);
            KeywordHourlyLine line;
            Instant hour;
            List<Slice> slices;
            try {
                line = KeywordHourlyLine.parse(value.toString());
                hour = TimeBuckets.parseHourId(line.hourId());
                slices = Slice.rollUps(line.lang(), line.source());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                ctx.getCounter(BaselineCounter.BAD_LINES).increment(1);
                return;
            }
            if (!window.contains(hour)) {
                ctx.getCounter(BaselineCounter.OUT_OF_WINDOW).increment(1);
                return;
            }
            cell.setOnly(BaselineWindow.hourOfDay(hour), line.count());
            for (Slice slice : slices) {
                keyText.setLength(0);
                keyText.append(line.canonical()).append('\t').append(slice.lang()).append('\t').append(slice.source());
                key.set(keyText.toString());
                ctx.write(key, cell);
            }
        }
    }

    /** Combine: sums the hour-of-day cells of one triple. */
    public static final class HourOfDaySumCombiner extends Reducer<Text, HourOfDayCounts, Text, HourOfDayCounts> {
        private final HourOfDayCounts sum = new HourOfDayCounts();

        @Override
        protected void reduce(Text key, Iterable<HourOfDayCounts> values, Context ctx) throws IOException, InterruptedException {
            sum.clear();
            for (HourOfDayCounts v : values) {
                sum.add(v);
            }
            ctx.write(key, sum);
        }
    }

    /** Reduce: the sums of one triple → 24 baseline lines, or none below the minimum. */
    public static final class BaselineReducer extends Reducer<Text, HourOfDayCounts, Text, NullWritable> {
        private final HourOfDayCounts sum = new HourOfDayCounts();
        private final Text line = new Text();
        private final StringBuilder text = new StringBuilder();
        private int[] coveredDays;
        private int minMentions;

        @Override
        protected void setup(Context ctx) {
            coveredDays = window(ctx.getConfiguration()).coveredDaysByHourOfDay();
            minMentions = ctx.getConfiguration().getInt(CONF_MIN_MENTIONS, 1);
        }

        @Override
        protected void reduce(Text key, Iterable<HourOfDayCounts> values, Context ctx) throws IOException, InterruptedException {
            sum.clear();
            for (HourOfDayCounts v : values) {
                sum.add(v);
            }
            if (sum.total() < minMentions) {
                ctx.getCounter(BaselineCounter.KEYS_BELOW_MINIMUM).increment(1);
                return;
            }
            ctx.getCounter(BaselineCounter.KEYS).increment(1);
            for (int h = 0; h < 24; h++) {
                if (coveredDays[h] == 0) {
                    continue;
                }
                text.setLength(0);
                text.append(key).append('\t').append(h).append('\t').append(mean(sum.get(h), coveredDays[h]))
                        .append('\t').append(coveredDays[h]);
                line.set(text.toString());
                ctx.write(line, NullWritable.get());
                ctx.getCounter(BaselineCounter.ROWS).increment(1);
            }
        }
    }
}
