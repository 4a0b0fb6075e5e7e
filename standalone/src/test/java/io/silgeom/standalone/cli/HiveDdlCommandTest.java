package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code silgeom hive-ddl} prints hdfs-layout's own ddl.sql (the file hdfs-layout's HiveServer2 test runs) with the
 * root filled in. The test hands the command hdfs-layout/hive as its resources, the way the silgeom-hdfs-layout jar
 * does in the build.
 */
class HiveDdlCommandTest {
    private static final Path HIVE_DIR = Path.of(System.getProperty("basedir", ".")).resolve("../hdfs-layout/hive");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private ClassLoader layoutJar;

    @BeforeEach
    void hdfsLayoutResources(@TempDir Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve(HiveDdlCommand.RESOURCE_DIR));
        for (String file : new String[] {"ddl.sql", "current-views.sql"}) {
            Files.copy(HIVE_DIR.resolve(file), target.resolve(file));
        }
        layoutJar = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
    }

    @Test
    void printsTheDdlWithTheRootFilledIn() throws IOException {
        assertThat(run(layoutJar, "hive-ddl", "--hdfs-root", "hdfs://namenode:8020/silgeom/")).isZero();

        String ddl = Files.readString(HIVE_DIR.resolve("ddl.sql"), StandardCharsets.UTF_8);
        assertThat(out.toString())
                .contains(ddl.replace("${hivevar:root}", "hdfs://namenode:8020/silgeom"))
                .contains("LOCATION 'hdfs://namenode:8020/silgeom/raw/articles'")
                .contains("LOCATION 'hdfs://namenode:8020/silgeom/views/features'")
                .doesNotContain("${hivevar:")
                .doesNotContain("_current");
    }

    @Test
    void withAVersionAlsoPrintsTheViewsOfThatVersion() {
        assertThat(run(layoutJar, "hive-ddl", "--hdfs-root", "file:///var/silgeom",
                "--version", "20240501T1000Z-1714558020000")).isZero();

        assertThat(out.toString())
                .contains("LOCATION 'file:///var/silgeom/views/keyword_hourly'")
                .contains("CREATE OR REPLACE VIEW keyword_hourly_current")
                .contains("WHERE v = '20240501T1000Z-1714558020000'")
                .doesNotContain("${hivevar:");
    }

    @Test
    void aRootOrVersionThatWouldBreakTheQuotesIsAUsageError() {
        assertThat(run(layoutJar, "hive-ddl", "--hdfs-root", "hdfs://nn/it's")).isEqualTo(2);
        assertThat(err.toString()).contains("--hdfs-root");
        assertThat(run(layoutJar, "hive-ddl", "--hdfs-root", "hdfs://nn/silgeom", "--version", "x' OR '1")).isEqualTo(2);
        assertThat(err.toString()).contains("--version");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aBuildWithoutTheLayoutJarSaysSo() {
        ClassLoader nothing = new URLClassLoader(new URL[0], null);
        assertThat(run(nothing, "hive-ddl", "--hdfs-root", "/silgeom")).isEqualTo(1);
        assertThat(err.toString()).contains("silgeom-hdfs-layout");
    }

    private int run(ClassLoader resources, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == HiveDdlCommand.class ? cls.cast(new HiveDdlCommand(resources))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cmd = new CommandLine(new SilgeomCommand(), factory)
                .setExecutionExceptionHandler(new OneLineFailureHandler())
                .setParameterExceptionHandler(new UsageErrorHandler());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }
}
