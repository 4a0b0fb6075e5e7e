package io.silgeom.batch.archive;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/** {@link ArchiverSigkillSuite} on the local filesystem ({@code file://}, as in the embedded stack). */
class ArchiverSigkillLocalIT extends ArchiverSigkillSuite {
    @Override
    String archiveRoot() {
        return tmp.resolve("silgeom").toUri().toString();
    }

    @Override
    FileSystem fileSystem() throws IOException {
        return FileSystem.getLocal(new Configuration());
    }
}
