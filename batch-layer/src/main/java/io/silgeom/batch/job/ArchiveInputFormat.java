package io.silgeom.batch.job;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathFilter;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;

/**
 * Text lines of the raw archive, many small files packed into each split ({@link CombineTextInputFormat}: the
 * archive holds a file per partition, hour and flush, and a map task per file would pay a task's set-up per file).
 *
 * <p>On the local filesystem (the embedded stack, tests) the files are listed without their permissions: Hadoop's
 * own listing builds a {@code LocatedFileStatus} per file, which without the native library runs {@code ls -ld} in a
 * child process per file, about a thousand processes and seconds per run. Other filesystems (HDFS) use Hadoop's
 * listing unchanged. Input directories are not searched recursively, as with {@code FileInputFormat}'s default.
 */
public final class ArchiveInputFormat extends CombineTextInputFormat {
    @Override
    protected List<FileStatus> listStatus(JobContext job) throws IOException {
        Path[] inputs = getInputPaths(job);
        List<FileSystem> filesystems = new ArrayList<>();
        for (Path input : inputs) {
            FileSystem fs = input.getFileSystem(job.getConfiguration());
            if (!(fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem)) {
                return super.listStatus(job);
            }
            filesystems.add(fs);
        }
        PathFilter userFilter = getInputPathFilter(job);
        PathFilter filter = p -> !p.getName().startsWith("_") && !p.getName().startsWith(".")
                && (userFilter == null || userFilter.accept(p));
        List<FileStatus> files = new ArrayList<>();
        List<IOException> errors = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            FileSystem fs = filesystems.get(i);
            FileStatus[] matches = fs.globStatus(inputs[i], filter);
            if (matches == null) {
                errors.add(new IOException("Input path does not exist: " + inputs[i]));
            } else if (matches.length == 0) {
                errors.add(new IOException("Input Pattern " + inputs[i] + " matches 0 files"));
            } else {
                for (FileStatus match : matches) {
                    if (!match.isDirectory()) {
                        files.add(match);
                        continue;
                    }
                    for (FileStatus child : fs.listStatus(match.getPath(), filter)) {
                        if (child.isFile()) {
                            files.add(child);
                        }
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return files;
    }
}
