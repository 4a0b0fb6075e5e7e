package io.silgeom.batch.archive;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;

/** A filesystem whose n-th rename throws, as a process dying (or a namenode failing) there would stop a flush. */
final class CrashOnRename extends FilterFileSystem {
    private final AtomicInteger renamesLeft;

    CrashOnRename(FileSystem fs, int failingRename) {
        super(fs);
        this.renamesLeft = new AtomicInteger(failingRename);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        if (renamesLeft.decrementAndGet() == 0) {
            throw new IOException("simulated crash before renaming " + src);
        }
        return super.rename(src, dst);
    }
}
