package io.silgeom.standalone.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.schedule.BatchHistory;
import io.silgeom.batch.schedule.BatchReport;
import io.silgeom.batch.schedule.BatchReportJson;
import io.silgeom.batch.schedule.BatchRun;
import io.silgeom.batch.schedule.BatchStep;
import io.silgeom.batch.schedule.ProgressPrinter;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.time.TimeBuckets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import redis.clients.jedis.RedisClient;

/**
 * {@code silgeom batch}: one batch run ({@link BatchRun}: snapshot of the raw archive, the keyword-hourly MapReduce
 * job, input check, publish to Redis, report), with one progress line per step on stderr and the report as JSON on
 * stdout ({@link BatchReportJson}, the same JSON as {@code reports/batch/<version>.json}). Exit 0 when the view was
 * published, 1 when a step failed, 2 for bad usage.
 *
 * <p>The cutoff {@code T} (exclusive) is {@code --date D} (midnight UTC at the end of D), {@code --now} (the current
 * hour), {@code --cutoff T}, or by default what {@code batch.cutoff.align} says. A cutoff after the current hour is
 * refused before anything runs: the speed layer would count the current hour's articles as late.
 */
@Command(name = "batch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Run the batch layer once, with progress: snapshot the raw archive, count keywords per hour "
                + "with MapReduce, publish the batch view and its cutoff to Redis; prints the run's report as JSON.",
                "Example: silgeom batch --date 2026-11-24", "silgeom batch --history lists the recorded runs."})
public final class BatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Mixin
    HadoopOptions hadoop;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    CutoffChoice cutoffChoice;

    @Option(names = "--history", description = "Run nothing: list every recorded run (reports/batch/), newest first.")
    boolean history;

    /** Where "now" comes from; tests fix it. */
    Clock clock = Clock.systemUTC();

    /** {@code --date D | --now | --cutoff T}: one way to say the cutoff, or none for {@code batch.cutoff.align}. */
    static final class CutoffChoice {
        @Option(names = "--date", paramLabel = "YYYY-MM-DD", required = true, converter = DateConverter.class,
                description = "The nightly run for this UTC day: cutoff at midnight UTC at its end (the day must be over).")
        LocalDate date;

        @Option(names = "--now", required = true, description = "Cutoff at the start of the current UTC hour.")
        boolean now;

        @Option(names = "--cutoff", paramLabel = "ISO-INSTANT", required = true, converter = CutoffConverter.class,
                description = "Cutoff at this whole UTC hour, e.g. 2026-11-25T10:00:00Z. Without --date, --now or "
                        + "--cutoff: as batch.cutoff.align says (hour or day).")
        Instant at;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = hadoop.withDefaultHdfsRoot(config.settings(), config);
        CoreConfig core = CoreConfig.from(settings);
        if (history) {
            PrintWriter out = spec.commandLine().getOut();
            Configuration conf = hadoop.configuration(config);
            for (BatchReport r : BatchHistory.list(FileSystem.get(URI.create(core.hdfsRoot()), conf), HdfsLayout.of(core.hdfsRoot()))) {
                out.println(BatchHistory.line(r));
            }
            out.flush();
            return 0;
        }
        Optional<Instant> cutoff = cutoff();
        BatchConfig batch = BatchConfig.from(settings);
        BatchReport report;
        // Progress lines on stderr: stdout is the report, for `| jq`.
        PrintStream progress = System.err;
        try (RedisClient redis = RedisConnection.open(core)) {
            report = new BatchRun(core, batch, hadoop.configuration(config), redis, clock)
                    .run(cutoff, new ProgressPrinter(progress));
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(BatchReportJson.encode(report));
        out.flush();
        if (!report.succeeded()) {
            throw new IllegalStateException("batch run " + report.version() + " failed at step "
                    + report.failedStep().map(BatchStep::wireName).orElse("?") + ": " + report.error().orElse("")
                    + "; the previous batch view stays published");
        }
        return 0;
    }

    /** The cutoff the options ask for; empty for the configured default. */
    Optional<Instant> cutoff() {
        if (cutoffChoice == null) {
            return Optional.empty();
        }
        Instant currentHour = TimeBuckets.hourStart(clock.instant());
        if (cutoffChoice.now) {
            return Optional.of(currentHour);
        }
        Instant t = cutoffChoice.date != null ? BatchRun.cutoffForDate(cutoffChoice.date) : cutoffChoice.at;
        if (t.isAfter(currentHour)) {
            String problem = cutoffChoice.date != null
                    ? "--date " + cutoffChoice.date + ": the day is not over yet (cutoff " + t + " is after the current "
                            + "hour " + currentHour + ")"
                    : "--cutoff " + t + " is after the current hour " + currentHour
                            + "; the speed layer would count newer articles as late";
            throw new ParameterException(spec.commandLine(), problem);
        }
        return Optional.of(t);
    }

    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected a date as YYYY-MM-DD, got: " + value);
            }
        }
    }

    /** A whole UTC hour: the batch view is counted per hour, so a cutoff inside one would split it. */
    static final class CutoffConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            Instant t;
            try {
                t = Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("expected an ISO instant such as 2026-11-25T10:00:00Z, got: " + value);
            }
            if (!TimeBuckets.hourStart(t).equals(t)) {
                throw new TypeConversionException("must be a whole UTC hour such as " + TimeBuckets.hourStart(t)
                        + ", got: " + value);
            }
            return t;
        }
    }
}
