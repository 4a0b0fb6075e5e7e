package io.silgeom.standalone.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom hive-ddl}: the Hive DDL of hdfs-layout/hive for one HDFS root, ready to paste into beeline. The text
 * is hdfs-layout's own ddl.sql (and current-views.sql for {@code --version}), read from the silgeom-hdfs-layout jar
 * on the classpath, with the {@code ${hivevar:...}} variables filled in, so what is printed is exactly what
 * hdfs-layout's HiveServer2 test runs.
 */
@Command(name = "hive-ddl",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Print the Hive DDL (external tables over raw/, quarantine/ and every view, partitions found by "
                + "MSCK REPAIR) for an HDFS root; with --version also views pinned to that batch version.",
                "Example: silgeom hive-ddl --hdfs-root hdfs://namenode:8020/silgeom > silgeom.sql; "
                        + "beeline -u jdbc:hive2://hiveserver:10000 -f silgeom.sql"})
public final class HiveDdlCommand implements Callable<Integer> {
    /** Where hdfs-layout's jar has the .sql files (hdfs-layout/pom.xml, resource targetPath). */
    static final String RESOURCE_DIR = "io/silgeom/layout/hive/";
    /** A batch version, {@code yyyyMMdd'T'HHmm'Z'-<epochMillis>}: it goes between quotes in the SQL. */
    private static final Pattern VERSION = Pattern.compile("\\d{8}T\\d{4}Z-\\d+");

    @Spec
    CommandSpec spec;

    @Option(names = "--hdfs-root", required = true, paramLabel = "URI",
            description = "The Silgeom root (hdfs.root) as Hive should see it, e.g. hdfs://namenode:8020/silgeom or "
                    + "file:///var/silgeom.")
    String hdfsRoot;

    @Option(names = "--version", paramLabel = "VERSION",
            description = "Also create keyword_hourly_current, baselines_current and features_current: views of "
                    + "that batch version (e.g. 20240501T1000Z-1714558020000; see silgeom status).")
    String version;

    private final ClassLoader resources;

    public HiveDdlCommand() {
        this(HiveDdlCommand.class.getClassLoader());
    }

    /** Reads the .sql files through {@code resources} (the test hands it hdfs-layout/hive). */
    HiveDdlCommand(ClassLoader resources) {
        this.resources = resources;
    }

    @Override
    public Integer call() throws IOException {
        String root = hdfsRoot.strip().replaceAll("/+$", "");
        if (root.isEmpty() || root.contains("'") || root.contains("\\")) {
            throw new ParameterException(spec.commandLine(), "--hdfs-root must be a non-empty path or URI without quotes "
                    + "or backslashes, got '" + hdfsRoot + "'");
        }
        if (version != null && !VERSION.matcher(version).matches()) {
            throw new ParameterException(spec.commandLine(), "--version must look like 20240501T1000Z-1714558020000, got '"
                    + version + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("-- Silgeom Hive DDL for " + root + " (silgeom hive-ddl; source: hdfs-layout/hive/ddl.sql)");
        out.print(read("ddl.sql").replace("${hivevar:root}", root));
        if (version != null) {
            out.println();
            out.println("-- views of batch version " + version + " (hdfs-layout/hive/current-views.sql)");
            out.print(read("current-views.sql").replace("${hivevar:v}", version));
        }
        out.flush();
        return 0;
    }

    private String read(String file) throws IOException {
        try (InputStream in = resources.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                // the jar was built without silgeom-hdfs-layout: a build problem, not the user's
                throw new IOException(RESOURCE_DIR + file + " is not on the classpath: this build of silgeom lacks "
                        + "the silgeom-hdfs-layout jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
