package io.silgeom.batch.schedule;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;
import redis.clients.jedis.RedisClient;

/**
 * One {@link BatchRun} as a Hadoop {@link Tool}: the entry point of the Oozie workflow's java action on a cluster
 * ({@code oozie/workflow.xml}), where the action's Hadoop configuration (YARN, HDFS) comes in through ToolRunner.
 *
 * <pre>
 * batch-run [-D k=v ...] [--profile cluster|embedded] [--config FILE] [--cutoff 2024-05-01T10:00:00Z | --date 2024-04-30]
 * </pre>
 *
 * Without {@code --cutoff}/{@code --date} the cutoff follows {@code batch.cutoff.align}. Prints progress lines and
 * the report JSON. Exit code 0 when the view was published, 1 when a step failed, 2 on bad arguments.
 */
public final class BatchRunTool extends Configured implements Tool {
    private static final String USAGE = "Usage: batch-run [--profile cluster|embedded] [--config FILE] "
            + "[--cutoff ISO-instant | --date YYYY-MM-DD]";

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new BatchRunTool(), args));
    }

    @Override
    public int run(String[] args) {
        String profile = Settings.PROFILE_CLUSTER;
        Path config = null;
        Optional<Instant> cutoff = Optional.empty();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--profile" -> profile = required(args[i], value);
                    case "--config" -> config = Path.of(required(args[i], value));
                    case "--cutoff" -> cutoff = Optional.of(Instant.parse(required(args[i], value)));
                    case "--date" -> cutoff = Optional.of(BatchRun.cutoffForDate(LocalDate.parse(required(args[i], value))));
                    default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
                i++;
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            System.err.println("batch-run: " + e.getMessage());
            System.err.println(USAGE);
            ToolRunner.printGenericCommandUsage(System.err);
            return 2;
        }
        try {
            Settings settings = Settings.load(profile, config);
            CoreConfig core = CoreConfig.from(settings);
            BatchConfig batch = BatchConfig.from(settings);
            // The speed layer reads the content policy from the same file: the jobs must apply the same one.
            KeywordHourlyJob.configurePolicy(getConf(), settings);
            try (RedisClient redis = RedisClient.create(core.redisHost(), core.redisPort())) {
                BatchReport report = new BatchRun(core, batch, getConf(), redis, Clock.systemUTC())
                        .run(cutoff, new ProgressPrinter(System.out));
                System.out.println(BatchReportJson.encode(report));
                return report.succeeded() ? 0 : 1;
            }
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("batch-run: " + e.getMessage());
            return 2;
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
