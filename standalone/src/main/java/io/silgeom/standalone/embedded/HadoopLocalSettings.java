package io.silgeom.standalone.embedded;

import java.net.URI;
import java.net.URISyntaxException;

import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop settings for the embedded stack: the local filesystem stands in for HDFS and MapReduce jobs run in this JVM
 * (LocalJobRunner). The same job classes run unchanged on a cluster with the cluster's configuration.
 */
public final class HadoopLocalSettings {
    /** LocalJobRunner polls for job completion every 5 s by default: a 2 s job would take 5 s. */
    static final String COMPLETION_POLL_INTERVAL_MS = "50";

    private HadoopLocalSettings() {
    }

    /**
     * A fresh configuration (defaults from the classpath) with local filesystem, local job runner and every scratch
     * directory under the work directory, never {@code /tmp/hadoop-<user>}.
     */
    public static Configuration configuration(WorkDirLayout layout) {
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", "file:///");
        conf.set("mapreduce.framework.name", "local");
        conf.set("mapreduce.client.completion.pollinterval", COMPLETION_POLL_INTERVAL_MS);
        conf.set("hadoop.tmp.dir", layout.hadoopTmp().toString());
        conf.set("mapreduce.jobtracker.staging.root.dir", layout.hadoopStaging().toString());
        return conf;
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
