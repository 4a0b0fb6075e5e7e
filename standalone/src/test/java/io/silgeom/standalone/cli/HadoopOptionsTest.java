package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import picocli.CommandLine;

class HadoopOptionsTest {
    private final CommandLine cmd = SilgeomCommand.commandLine();
    private final BatchCommand batch = cmd.getSubcommands().get("batch").getCommand();

    @Test
    void theEmbeddedProfileFindsTheDemosHdfsLayoutUnderTheSameWorkDir() {
        cmd.parseArgs("batch", "--work-dir", "/tmp/sg");

        Settings settings = batch.hadoop.withDefaultHdfsRoot(Settings.empty(), batch.config);
        Configuration conf = batch.hadoop.configuration(batch.config);

        assertThat(CoreConfig.from(settings).hdfsRoot()).isEqualTo("file:///tmp/sg/hdfs/silgeom");
        assertThat(conf.get("mapreduce.framework.name")).isEqualTo("local");
        assertThat(conf.get("hadoop.tmp.dir")).startsWith(Path.of("/tmp/sg").toString());
    }

    @Test
    void aConfiguredHdfsRootWins() {
        cmd.parseArgs("batch", "--work-dir", "/tmp/sg");
        Settings configured = Settings.of(Map.of(), Map.of("SILGEOM_HDFS_ROOT", "file:///data/silgeom"));

        Settings settings = batch.hadoop.withDefaultHdfsRoot(configured, batch.config);

        assertThat(CoreConfig.from(settings).hdfsRoot()).isEqualTo("file:///data/silgeom");
    }

    @Test
    void theClusterProfileKeepsTheClustersSettings() {
        cmd.parseArgs("batch", "--profile", "cluster");

        Settings settings = batch.hadoop.withDefaultHdfsRoot(Settings.empty(), batch.config);

        assertThat(settings.raw(CoreConfig.HDFS_ROOT.name())).isEmpty();
        // Not forced to the local runner: whatever the cluster's site files (or Hadoop's defaults) say stays.
        String[] sources = batch.hadoop.configuration(batch.config).getPropertySources("mapreduce.framework.name");
        assertThat(sources == null ? new String[0] : sources).doesNotContain("programmatically");
    }
}
