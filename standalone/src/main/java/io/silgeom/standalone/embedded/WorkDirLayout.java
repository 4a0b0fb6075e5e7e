package io.silgeom.standalone.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The directories of the embedded stack under one work directory (default {@code ./var}):
 *
 * <pre>
 * kafka/            server.properties, logs/ (the broker's log dir and KRaft metadata)
 * redis/            appendonlydir/ (or appendonly.aof), redis.log, redis.pid, bin/ (bundled binary, if used)
 * hdfs/silgeom/     the HDFS layout of DESIGN.md §7 on the local filesystem (raw/, views/, quarantine/, reports/)
 * hadoop/          Hadoop's scratch space: tmp/ (hadoop.tmp.dir), staging/ (job staging), local/ (task dirs)
 * </pre>
 *
 * @param root absolute, normalised work directory
 */
public record WorkDirLayout(Path root) {
    public WorkDirLayout {
        root = root.toAbsolutePath().normalize();
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path redis() {
        return root.resolve("redis");
    }

    /** Root of the HDFS layout (DESIGN.md §7), here on the local filesystem. */
    public Path hdfsRoot() {
        return root.resolve("hdfs").resolve("silgeom");
    }

    /** Hadoop's scratch space (see {@code LocalHadoopConfiguration}). */
    public Path hadoop() {
        return root.resolve("hadoop");
    }

    /** Creates every directory above that does not exist yet; keeps what is there. */
    public void create() throws IOException {
        for (Path dir : new Path[] {kafka(), redis(), hdfsRoot(), hadoop()}) {
            Files.createDirectories(dir);
        }
    }
}
