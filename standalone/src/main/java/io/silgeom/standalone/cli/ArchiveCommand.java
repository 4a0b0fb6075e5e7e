package io.silgeom.standalone.cli;

import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.silgeom.batch.archive.RawArchiver;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code silgeom archive}: the raw archiver as its own process (every record of the articles topic to the raw archive
 * in HDFS, exactly once), as in {@code silgeom demo}, until Ctrl-C, which writes what is buffered before it exits.
 */
@Command(name = "archive",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Run the raw archiver (articles topic -> raw/articles/dt=../hr=.. in HDFS, the batch layer's "
                + "input) until Ctrl-C.",
                "Example: HADOOP_CONF_DIR=/etc/hadoop/conf silgeom archive --profile cluster --config silgeom.properties"})
public final class ArchiveCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCommand.class);
    static final String STOP_THREAD_NAME = "silgeom-archive-stop";

    @Mixin
    ConfigOptions config;

    @Mixin
    HadoopOptions hadoop;

    @Override
    public Integer call() throws Exception {
        Settings settings = hadoop.withDefaultHdfsRoot(config.settings(), config);
        CoreConfig core = CoreConfig.from(settings);
        BatchConfig batch = BatchConfig.from(settings);
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             RawArchiver archiver = RawArchiver.start(core, batch, hadoop.configuration(config))) {
            LOG.info("raw archiver started: kafka: {}, topic: {}, group: {}, hdfs root: {}; Ctrl-C stops it",
                    core.kafkaBootstrap(), core.articlesTopic(), batch.groupId(), core.hdfsRoot());
            stop.await();
        }
        LOG.info("raw archiver stopped");
        return 0;
    }
}
