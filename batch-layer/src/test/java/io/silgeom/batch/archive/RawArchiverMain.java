package io.silgeom.batch.archive;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.config.LocalHadoopConfiguration;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The raw archiver as its own process, started the way {@code silgeom archive} starts it
 * ({@link RawArchiver#start}), for tests that kill it: {@code RawArchiverMain <hadoop-work-dir> key=value...}, where
 * a key starting with {@code hadoop:} goes to the Hadoop configuration and any other to the Silgeom settings.
 * It runs until the process is killed and prints {@link #STARTED} once the archiver thread runs.
 */
public final class RawArchiverMain {
    static final String STARTED = "raw archiver main: started";
    private static final String HADOOP_PREFIX = "hadoop:";

    private RawArchiverMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.empty();
        Configuration hadoop = LocalHadoopConfiguration.create(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            String key = args[i].substring(0, eq);
            String value = args[i].substring(eq + 1);
            if (key.startsWith(HADOOP_PREFIX)) {
                hadoop.set(key.substring(HADOOP_PREFIX.length()), value);
            } else {
                settings = settings.with(key, value);
            }
        }
        try (RawArchiver archiver = RawArchiver.start(CoreConfig.from(settings), BatchConfig.from(settings), hadoop)) {
            System.out.println(STARTED);
            System.out.flush();
            Thread.currentThread().join(); // until SIGKILL (or SIGTERM: then close() writes what is buffered)
        }
    }
}
