package io.silgeom.batch.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ArchiverSigkillSuite} on a real HDFS: a MiniDFSCluster in the test JVM, the archiver child writing to it
 * over {@code hdfs://127.0.0.1:<port>}. A killed writer leaves files under lease; recovery must cope with them.
 */
class ArchiverSigkillHdfsIT extends ArchiverSigkillSuite {
    private static MiniDFSCluster cluster;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new HdfsConfiguration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR,
                Path.of(System.getProperty("java.io.tmpdir"), "minidfs-" + UUID.randomUUID()).toString());
        cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        cluster.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Override
    String archiveRoot() throws IOException {
        return cluster.getFileSystem().getUri() + "/silgeom";
    }

    @Override
    FileSystem fileSystem() throws IOException {
        return cluster.getFileSystem();
    }
}
