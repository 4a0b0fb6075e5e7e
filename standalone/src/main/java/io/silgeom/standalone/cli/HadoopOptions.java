package io.silgeom.standalone.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;

import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.standalone.embedded.HadoopLocalSettings;
import io.silgeom.standalone.embedded.WorkDirLayout;
import picocli.CommandLine.Option;

/**
 * {@code --work-dir} and the Hadoop configuration of the commands that touch HDFS ({@code batch}, {@code archive}).
 *
 * <p>Embedded profile: the local filesystem as HDFS and MapReduce in this JVM, scratch files under the work directory,
 * and, unless {@code hdfs.root} is configured, the HDFS layout where {@code silgeom demo --work-dir DIR} keeps it
 * ({@code DIR/hdfs/silgeom}). Cluster profile: {@code new Configuration()} plus the site files of
 * {@code HADOOP_CONF_DIR}.
 */
final class HadoopOptions {
    /** Read from {@code HADOOP_CONF_DIR} when it is set; the ./silgeom launcher does not put that directory on the classpath. */
    static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml", "mapred-site.xml", "yarn-site.xml"};

    @Option(names = "--work-dir", defaultValue = "./var", paramLabel = "DIR",
            description = "Embedded profile only: Hadoop's scratch directories, and hdfs.root when it is not "
                    + "configured (DIR/hdfs/silgeom, where `silgeom demo --work-dir DIR` keeps its HDFS layout).")
    Path workDir;

    /** {@code settings} with {@code hdfs.root} defaulting to the work directory's layout in the embedded profile. */
    Settings withDefaultHdfsRoot(Settings settings, ConfigOptions config) {
        String key = CoreConfig.HDFS_ROOT.name();
        if (config.clusterProfile() || settings.raw(key).isPresent()) {
            return settings;
        }
        return settings.with(key, HadoopLocalSettings.hdfsRoot(new WorkDirLayout(workDir)).toString());
    }

    /** The Hadoop configuration, carrying the content-policy keys so the batch jobs apply the speed layer's policy. */
    Configuration configuration(ConfigOptions config) {
        Configuration conf = hadoopConfiguration(config);
        KeywordHourlyJob.configurePolicy(conf, config.settings());
        return conf;
    }

    private Configuration hadoopConfiguration(ConfigOptions config) {
        if (!config.clusterProfile()) {
            return HadoopLocalSettings.configuration(new WorkDirLayout(workDir));
        }
        Configuration conf = new Configuration();
        String confDir = System.getenv("HADOOP_CONF_DIR");
        if (confDir != null && !confDir.isBlank()) {
            for (String name : SITE_FILES) {
                Path site = Path.of(confDir, name);
                if (Files.isRegularFile(site)) {
                    conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
                }
            }
        }
        return conf;
    }
}
