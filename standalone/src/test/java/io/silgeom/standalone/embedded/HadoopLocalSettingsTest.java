package io.silgeom.standalone.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HadoopLocalSettingsTest {
    private final WorkDirLayout layout = new WorkDirLayout(Path.of("/srv/silgeom/var"));

    @Test
    void runsJobsInThisJvmOnTheLocalFilesystemWithScratchSpaceUnderTheWorkDir() {
        Configuration conf = HadoopLocalSettings.configuration(layout);

        assertThat(conf.get("fs.defaultFS")).isEqualTo("file:///");
        assertThat(conf.get("mapreduce.framework.name")).isEqualTo("local");
        // 5 s by default: every LocalJobRunner job would last at least that long.
        assertThat(conf.getInt("mapreduce.client.completion.pollinterval", -1)).isEqualTo(50);
        assertThat(conf.get("hadoop.tmp.dir")).isEqualTo("/srv/silgeom/var/hadoop/tmp");
        assertThat(conf.get("mapreduce.jobtracker.staging.root.dir")).isEqualTo("/srv/silgeom/var/hadoop/staging");
    }

    @Test
    void hdfsRootIsAFileUriUnderTheWorkDir() {
        assertThat(HadoopLocalSettings.hdfsRoot(layout)).hasToString("file:///srv/silgeom/var/hdfs/silgeom");
        assertThat(HadoopLocalSettings.hdfsRoot(new WorkDirLayout(Path.of("/tmp/with space/./var"))))
                .hasToString("file:///tmp/with%20space/var/hdfs/silgeom");
    }
}
