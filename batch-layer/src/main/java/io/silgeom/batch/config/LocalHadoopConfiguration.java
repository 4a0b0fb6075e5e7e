package io.silgeom.batch.config;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of the embedded stack and of tests: the local filesystem as HDFS and MapReduce in
 * this JVM (LocalJobRunner). On a cluster use {@code new Configuration()}, which reads {@code core-site.xml} and
 * {@code mapred-site.xml} from {@code HADOOP_CONF_DIR} on the classpath.
 */
public final class LocalHadoopConfiguration {
    private LocalHadoopConfiguration() {
    }

    /**
     * @param workDir Hadoop's own scratch directory: {@code tmp/}, {@code staging/}, {@code local/} below it; created on demand
     */
    public static Configuration create(Path workDir) {
        Objects.requireNonNull(workDir, "workDir");
        Configuration conf = new Configuration();
        conf.set("fs.defaultFS", "file:///");
        conf.set("mapreduce.framework.name", "local");
        // NOTE: LocalJobRunner polls for completion every 5 s by default, which would dominate a small run.
        conf.setInt("mapreduce.client.completion.pollinterval", 50);
        // NOTE: LocalJobRunner runs one map and one reduce task at a time unless told otherwise; every core instead.
        // The number of reduce tasks (mapreduce.job.reduces) stays 1, so a view is one sorted file.
        int cores = Runtime.getRuntime().availableProcessors();
        conf.setInt("mapreduce.local.map.tasks.maximum", cores);
        conf.setInt("mapreduce.local.reduce.tasks.maximum", cores);
        // Without these Hadoop writes under /tmp/hadoop-<user>, shared by every process on the machine.
        String abs = workDir.toAbsolutePath().toString();
        conf.set("hadoop.tmp.dir", abs + "/tmp");
        conf.set("mapreduce.jobtracker.staging.root.dir", abs + "/staging");
        conf.set("mapreduce.cluster.local.dir", abs + "/local");
        return conf;
    }
}
