package io.silgeom.standalone.embedded;

import io.silgeom.batch.config.LocalHadoopConfiguration;
import java.net.URI;
import java.net.URISyntaxException;

import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop settings for the embedded stack: the local filesystem stands in for HDFS and MapReduce jobs run in this JVM
 * (LocalJobRunner). The same job classes run unchanged on a cluster with the cluster's configuration.
 */
public final class HadoopLocalSettings {
    private HadoopLocalSettings() {
    }

    /**
     * A fresh configuration (defaults from the classpath) with local filesystem, local job runner and every scratch
     * directory under the work directory, never {@code /tmp/hadoop-<user>}.
     */
    public static Configuration configuration(WorkDirLayout layout) {
        // NOTE: the batch layer owns the local Hadoop settings (its tests and BatchRunTool use the same ones).
        return LocalHadoopConfiguration.create(layout.hadoop());
    }

    /** {@code file:///<workdir>/hdfs/silgeom}: the value of {@code hdfs.root} in the embedded stack. */
    public static URI hdfsRoot(WorkDirLayout layout) {
        try {
            // Empty authority gives the "file:///abs/path" form, which Hadoop and humans both read as a local path.
            return new URI("file", "", layout.hdfsRoot().toString(), null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("work directory is not usable in a URI: " + layout.root(), e);
        }
    }
}
