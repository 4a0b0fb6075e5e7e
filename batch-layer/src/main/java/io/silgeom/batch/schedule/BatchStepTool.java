package io.silgeom.batch.schedule;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import redis.clients.jedis.RedisClient;

/**
 * One step of a batch run as a Hadoop {@link Tool}: the Oozie workflow runs one java action per {@link BatchStep}
 * (in {@link BatchStep#NIGHTLY} order), each this class with another {@code --step}; the action's Hadoop configuration
 * (YARN, HDFS) comes in through ToolRunner, so the MapReduce jobs run on the cluster.
 *
 * <pre>
 * BatchStepTool [-D k=v ...] --step snapshot|keyword_hourly|check_input|baselines|features|publish|reconcile|report
 *               --run-dir PATH [--date YYYY-MM-DD | --cutoff 2024-05-01T10:00:00Z]
 *               [--profile cluster|embedded] [--config FILE]
 * </pre>
 *
 * <p>The steps hand state to each other through {@code <run-dir>/state.json} (any Hadoop filesystem: {@code hdfs://}
 * on a cluster): the batch report JSON ({@link BatchReportJson}) so far, with version, cutoff, offsets and every
 * finished step's result. {@code snapshot} creates it (cutoff from {@code --date}/{@code --cutoff}, else
 * {@code batch.cutoff.align}; a new version); the later steps read it (a {@code --date}/{@code --cutoff} they are given
 * must match it). When the Java system property {@code oozie.action.output.properties} names a file, {@code snapshot}
 * writes {@code nothingNew=true|false} into it (the workflow's decision node reads {@code wf:actionData}); steps that a
 * "nothing new" run skips succeed without doing anything when called anyway. {@code report} writes the report file
 * and {@code sg:status:batch}, also for a failed run (call it from the error path too).
 *
 * <p>Exit code: 0 the step succeeded, 1 it failed (after {@code batch.step.retries} retries; recorded in the state),
 * or an earlier step had failed (every step but {@code report}), 2 bad arguments. {@code report} exits 0 when it wrote
 * the report, whether the run succeeded or failed (the workflow's error path calls it before its kill node).
 */
public final class BatchStepTool extends Configured implements Tool {
    /** System property Oozie sets for a java action's output (read by {@code wf:actionData}). */
    public static final String OOZIE_OUTPUT_PROPERTIES = "oozie.action.output.properties";
    /** Name of the state file in {@code --run-dir}. */
    public static final String STATE_FILE = "state.json";

    private static final String USAGE = "Usage: BatchStepTool --step <" + BatchStep.NIGHTLY.stream().map(BatchStep::wireName)
            .collect(Collectors.joining("|")) + "> --run-dir PATH [--date YYYY-MM-DD | --cutoff ISO-instant] "
            + "[--profile cluster|embedded] [--config FILE]";

    private final Clock clock;

    public BatchStepTool() {
        this(Clock.systemUTC());
    }

    BatchStepTool(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The parsed command line.
     *
     * @param date   {@code --date}: cutoff at midnight UTC at the end of that day
     * @param cutoff {@code --cutoff}: an hour boundary
     */
    public record Arguments(BatchStep step, String runDir, Optional<LocalDate> date, Optional<Instant> cutoff,
                            String profile, Optional<String> config) {
        public Arguments {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(runDir, "runDir");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(cutoff, "cutoff");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(config, "config");
        }

        /** The cutoff {@code --date} or {@code --cutoff} asks for; empty for the configured default. */
        public Optional<Instant> requestedCutoff() {
            return date.map(BatchRun::cutoffForDate).or(() -> cutoff);
        }
    }

    /**
     * Parses the arguments left after ToolRunner took the generic options ({@code -D}, {@code -conf}, ...).
     *
     * @throws IllegalArgumentException saying what is wrong: unknown option or step, a missing value, a missing
     *                                  {@code --step} or {@code --run-dir}, both {@code --date} and {@code --cutoff},
     *                                  an unparsable date or instant, a cutoff off the hour, an unknown profile
     */
    public static Arguments parse(String[] args) {
        BatchStep step = null;
        String runDir = null;
        Optional<LocalDate> date = Optional.empty();
        Optional<Instant> cutoff = Optional.empty();
        String profile = Settings.PROFILE_CLUSTER;
        Optional<String> config = Optional.empty();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--step" -> {
                    step = BatchStep.fromWireName(value);
                    if (step == BatchStep.FLUSH_ARCHIVE) {
                        throw new IllegalArgumentException("flush_archive runs only inside the embedded stack");
                    }
                }
                case "--run-dir" -> runDir = value;
                case "--date" -> {
                    try {
                        date = Optional.of(LocalDate.parse(value));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--date must be YYYY-MM-DD, got: " + value, e);
                    }
                }
                case "--cutoff" -> {
                    try {
                        cutoff = Optional.of(Instant.parse(value));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--cutoff must be an ISO instant, got: " + value, e);
                    }
                    if (cutoff.get().getEpochSecond() % 3600 != 0 || cutoff.get().getNano() != 0) {
                        throw new IllegalArgumentException("--cutoff must be a whole UTC hour, got: " + value);
                    }
                }
                case "--profile" -> {
                    if (!value.equals(Settings.PROFILE_CLUSTER) && !value.equals(Settings.PROFILE_EMBEDDED)) {
                        throw new IllegalArgumentException("--profile must be cluster or embedded, got: " + value);
                    }
                    profile = value;
                }
                case "--config" -> config = Optional.of(value);
                default -> throw new IllegalArgumentException("unknown argument: " + option);
            }
        }
        if (step == null) {
            throw new IllegalArgumentException("--step is required");
        }
        if (runDir == null || runDir.isBlank()) {
            throw new IllegalArgumentException("--run-dir is required");
        }
        if (date.isPresent() && cutoff.isPresent()) {
            throw new IllegalArgumentException("give --date or --cutoff, not both");
        }
        return new Arguments(step, runDir, date, cutoff, profile, config);
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new BatchStepTool(), args));
    }

    @Override
    public int run(String[] args) throws IOException {
        Arguments a;
        try {
            a = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("BatchStepTool: " + e.getMessage());
            System.err.println(USAGE);
            ToolRunner.printGenericCommandUsage(System.err);
            return 2;
        }
        Configuration conf = getConf() == null ? new Configuration() : getConf();
        CoreConfig core;
        BatchConfig batch;
        try {
            Settings settings = Settings.load(a.profile(), a.config().map(java.nio.file.Path::of).orElse(null));
            core = CoreConfig.from(settings);
            batch = BatchConfig.from(settings);
            // The speed layer reads the content policy from the same file: the jobs must apply the same one.
            KeywordHourlyJob.configurePolicy(conf, settings);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("BatchStepTool: " + e.getMessage());
            return 2;
        }
        Path stateFile = new Path(a.runDir(), STATE_FILE);
        FileSystem stateFs = stateFile.getFileSystem(conf);
        ProgressPrinter progress = new ProgressPrinter(System.out);
        try (RedisClient redis = RedisClient.create(core.redisHost(), core.redisPort())) {
            BatchSteps steps = new BatchSteps(core, batch, conf, redis, clock, null);
            RunState state;
            if (a.step() == BatchStep.SNAPSHOT) {
                Instant now = clock.instant();
                Instant t;
                try {
                    t = BatchRun.resolveCutoff(a.requestedCutoff(), now, batch);
                } catch (IllegalArgumentException e) {
                    System.err.println("BatchStepTool: " + e.getMessage());
                    return 2;
                }
                String version = BatchRun.version(t, now);
                state = new RunState(version, t, now, batch.invalidMaxShare(), steps.layout().keywordHourlyView(version).toString());
            } else {
                Optional<RunState> read = readState(stateFs, stateFile);
                if (read.isEmpty()) {
                    System.err.println("BatchStepTool: no " + stateFile + "; the snapshot step creates it");
                    return 1;
                }
                state = read.get();
                if (a.requestedCutoff().isPresent() && !a.requestedCutoff().get().equals(state.cutoff)) {
                    System.err.println("BatchStepTool: cutoff " + a.requestedCutoff().get() + " differs from the run's "
                            + state.cutoff + " in " + stateFile);
                    return 2;
                }
            }
            int rc = runStep(a.step(), steps, state, progress, batch);
            writeState(stateFs, stateFile, state.toReport(clock.instant()));
            if (a.step() == BatchStep.SNAPSHOT && rc == 0) {
                writeOozieOutput(state.nothingNew);
            }
            System.out.println(BatchReportJson.encode(state.toReport(clock.instant())));
            return rc;
        }
    }

    private int runStep(BatchStep step, BatchSteps steps, RunState state, ProgressPrinter progress, BatchConfig batch) {
        int index = BatchStep.NIGHTLY.indexOf(step);
        int before = 100 * index / BatchStep.NIGHTLY.size();
        if (step == BatchStep.REPORT) {
            // On the workflow's error path too: the run's failure is in the report; this step failed only if the
            // report could not be written.
            BatchRun.report(steps, state, progress, before);
            return state.reportProblems.isEmpty() ? 0 : 1;
        }
        if (state.failedStep.equals(Optional.of(step))) {
            // The same action again (Oozie's retry-max, or a rerun of the failed node): it gets a new chance.
            state.failedStep = Optional.empty();
            state.error = Optional.empty();
        }
        if (state.failed()) {
            System.err.println("BatchStepTool: step " + state.failedStep.get().wireName() + " failed already ("
                    + state.error.orElse("") + "); not running " + step.wireName());
            return 1;
        }
        if (state.nothingNew && step != BatchStep.SNAPSHOT && step != BatchStep.RECONCILE) {
            System.out.println("[skip] " + step.wireName() + ": nothing new since the published run");
            return 0;
        }
        StepRunner runner = new StepRunner(steps, progress, clock, batch.stepRetries(), batch.stepRetryDelay(),
                StepRunner.Interceptor.NONE);
        return runner.run(step, state, before, 100 * (index + 1) / BatchStep.NIGHTLY.size()) ? 0 : 1;
    }

    static Optional<RunState> readState(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return Optional.empty();
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
            return Optional.of(RunState.of(BatchReportJson.decode(r.lines().collect(Collectors.joining("\n")))));
        }
    }

    /** Written to a temporary name, then renamed: a killed action leaves the previous state, never half a file. */
    static void writeState(FileSystem fs, Path file, BatchReport report) throws IOException {
        Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            out.write(BatchReportJson.encode(report).getBytes(StandardCharsets.UTF_8));
        }
        if (fs.exists(file) && !fs.delete(file, false)) {
            throw new IOException("could not replace " + file);
        }
        if (!fs.rename(tmp, file)) {
            throw new IOException("could not rename " + tmp + " to " + file);
        }
    }

    private static void writeOozieOutput(boolean nothingNew) throws IOException {
        String target = System.getProperty(OOZIE_OUTPUT_PROPERTIES);
        if (target == null || target.isBlank()) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("nothingNew", Boolean.toString(nothingNew));
        try (OutputStream out = Files.newOutputStream(java.nio.file.Path.of(target))) {
            p.store(out, "silgeom batch snapshot");
        }
    }
}
