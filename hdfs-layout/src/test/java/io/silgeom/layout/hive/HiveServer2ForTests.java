package io.silgeom.layout.hive;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HiveServer2 4.0.1 in a child JVM: Derby metastore (embedded, created on first use), {@code file://}
 * warehouse, MapReduce in local mode, NOSASL on a free port. The child's classpath is the file hdfs-layout's build
 * resolves from hiveserver2/pom.xml (system property {@code hiveserver2.classpath.file}); its configuration is a
 * hive-site.xml first on that classpath, because HiveServer2 re-reads hive-site.xml and drops settings given any
 * other way. Its log goes to {@code <work dir>/hiveserver2.log}, stdout and stderr to {@code hiveserver2.out}.
 */
final class HiveServer2ForTests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HiveServer2ForTests.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);
    private static final String MAIN_CLASS = "org.apache.hive.service.server.HiveServer2";

    /** What Hive 4.0.1 reflects into on JDK 17 (Kryo, Hadoop's ShutdownHookManager, DataNucleus, the JDBC driver). */
    private static final List<String> ADD_OPENS = List.of("java.base/java.net", "java.base/java.util",
            "java.base/java.lang", "java.base/java.nio", "java.base/java.util.concurrent",
            "java.base/java.util.concurrent.atomic", "java.base/java.util.regex", "java.base/java.lang.reflect",
            "java.base/java.io", "java.base/java.text", "java.sql/java.sql");

    private final Process process;
    private final int port;
    private final Path workDir;

    private HiveServer2ForTests(Process process, int port, Path workDir) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
    }

    /**
     * Starts the server in a fresh {@code workDir} (deleted first: tables of an earlier run must not hide a broken DDL
     * statement) and returns once it accepts a JDBC session.
     */
    static HiveServer2ForTests start(Path workDir) throws IOException, InterruptedException {
        Path pidFile = workDir.resolveSibling(workDir.getFileName() + ".pid");
        stopLeftover(pidFile);
        SampleTree.deleteRecursively(workDir);
        String classpathFile = System.getProperty("hiveserver2.classpath.file");
        if (classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
            throw new IllegalStateException("no HiveServer2 classpath file (system property hiveserver2.classpath.file = "
                    + classpathFile + "): run through Maven, mvn -pl hdfs-layout verify, which resolves it");
        }
        Path conf = Files.createDirectories(workDir.resolve("conf"));
        int port = freePort();
        Files.writeString(conf.resolve("hive-site.xml"), hiveSite(workDir, port), StandardCharsets.UTF_8);
        // Hive configures log4j2 from hive-log4j2.properties on its classpath: INFO with times, into a file
        Files.writeString(conf.resolve("hive-log4j2.properties"), """
                status = WARN
                appenders = file
                appender.file.type = File
                appender.file.name = file
                appender.file.fileName = %s
                appender.file.layout.type = PatternLayout
                appender.file.layout.pattern = %%d{HH:mm:ss.SSS} %%-5p [%%t] %%c{1}: %%m%%n
                rootLogger.level = INFO
                rootLogger.appenderRefs = file
                rootLogger.appenderRef.file.ref = file
                logger.datanucleus.name = DataNucleus
                logger.datanucleus.level = WARN
                """.formatted(workDir.toAbsolutePath().resolve("hiveserver2.log")), StandardCharsets.UTF_8);
        String classpath = conf + java.io.File.pathSeparator
                + Files.readString(Path.of(classpathFile), StandardCharsets.UTF_8).strip();

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-XX:+UseSerialGC",
                // C1 only: a short-lived test server spends less CPU compiling than C2 would save (2 cores)
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + Files.createDirectories(workDir.resolve("tmp"))));
        ADD_OPENS.forEach(p -> command.add("--add-opens=" + p + "=ALL-UNNAMED"));
        command.addAll(List.of("-cp", classpath, MAIN_CLASS));
        Path out = workDir.resolve("hiveserver2.out");
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
        HiveServer2ForTests server = new HiveServer2ForTests(process, port, workDir);
        try {
            server.awaitReady();
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    String jdbcUrl() {
        return "jdbc:hive2://127.0.0.1:" + port + "/default;auth=noSasl";
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "silgeom", "");
    }

    Path workDir() {
        return workDir;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("HiveServer2 exited with " + process.exitValue() + ": " + outputTail());
            }
            try (Connection c = connect()) {
                LOG.info("HiveServer2 on port {} ready after {} ms", port, (System.nanoTime() - started) / 1_000_000);
                return;
            } catch (SQLException e) {
                last = e;   // not listening yet, or the session layer is still starting: retry
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("HiveServer2 not ready after " + START_TIMEOUT + " (" + last + "): "
                + outputTail());
    }

    /** The last lines the server printed, for failure messages. */
    String outputTail() throws IOException {
        List<String> lines = Files.readAllLines(workDir.resolve("hiveserver2.out"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            LOG.warn("HiveServer2 did not stop on SIGTERM within 15 s: killing it");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A server whose test JVM was killed (no close(), no shutdown hook) keeps running: stop it by the pid it left,
     * if that process is still a HiveServer2.
     */
    private static void stopLeftover(Path pidFile) throws IOException, InterruptedException {
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid).filter(h -> h.info().commandLine()
                .map(c -> c.contains(MAIN_CLASS)).orElse(false));
        if (leftover.isPresent()) {
            LOG.warn("stopping HiveServer2 pid {} left over by an earlier test run", pid);
            leftover.get().destroyForcibly();
            try {
                leftover.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("leftover HiveServer2 pid " + pid + " did not stop", e);
            }
        }
        Files.delete(pidFile);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String hiveSite(Path workDir, int port) {
        Path dir = workDir.toAbsolutePath();
        Map<String, String> site = new TreeMap<>();
        site.put("hive.server2.thrift.port", String.valueOf(port));
        site.put("hive.server2.thrift.bind.host", "127.0.0.1");
        site.put("hive.server2.transport.mode", "binary");
        site.put("hive.server2.authentication", "NOSASL");
        site.put("hive.server2.enable.doAs", "false");
        site.put("hive.server2.webui.port", "0");                       // 0: no web UI
        site.put("hive.server2.support.dynamic.service.discovery", "false");
        site.put("hive.server2.materializedviews.registry.impl", "DUMMY");
        // embedded metastore on Derby; the schema is created on first use
        site.put("hive.metastore.uris", "");
        site.put("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true");
        site.put("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
        site.put("datanucleus.schema.autoCreateAll", "true");
        site.put("hive.metastore.schema.verification", "false");
        site.put("hive.metastore.event.db.notification.api.auth", "false");
        site.put("hive.metastore.housekeeping.threads.on", "false");
        site.put("metastore.scheduled.queries.enabled", "false");
        site.put("hive.scheduled.queries.executor.enabled", "false");
        site.put("hive.metastore.warehouse.dir", dir.resolve("warehouse").toUri().toString());
        site.put("hive.metastore.warehouse.external.dir", dir.resolve("warehouse-external").toUri().toString());
        // local filesystem, MapReduce in-process (no child JVM per task)
        site.put("fs.defaultFS", "file:///");
        site.put("hive.execution.engine", "mr");
        site.put("mapreduce.framework.name", "local");
        site.put("hive.exec.submitviachild", "false");
        site.put("hive.exec.submit.local.task.via.child", "false");
        site.put("hive.support.concurrency", "false");
        site.put("hive.txn.manager", "org.apache.hadoop.hive.ql.lockmgr.DummyTxnManager");
        // Hive polls a running job every second and LocalJobRunner reports every 5 s by default: most of a small
        // query's time; poll fast instead
        site.put("hive.exec.counters.pull.interval", "100");
        site.put("mapreduce.client.completion.pollinterval", "50");
        site.put("mapreduce.client.progressmonitor.pollinterval", "50");
        site.put("hive.stats.autogather", "false");
        site.put("hive.stats.column.autogather", "false");
        // every scratch and log directory under the work dir, never /tmp/hive
        site.put("hadoop.tmp.dir", dir.resolve("hadoop-tmp").toString());
        site.put("hive.exec.scratchdir", dir.resolve("scratch").toString());
        site.put("hive.exec.local.scratchdir", dir.resolve("local-scratch").toString());
        site.put("hive.downloaded.resources.dir", dir.resolve("resources").toString());
        site.put("hive.querylog.location", dir.resolve("querylog").toString());
        site.put("hive.server2.logging.operation.log.location", dir.resolve("operation-logs").toString());
        site.put("mapreduce.jobtracker.staging.root.dir", dir.resolve("staging").toString());

        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<configuration>\n");
        site.forEach((k, v) -> xml.append("  <property><name>").append(k).append("</name><value>")
                .append(v.replace("&", "&amp;").replace("<", "&lt;")).append("</value></property>\n"));
        return xml.append("</configuration>\n").toString();
    }
}
