package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** How far back the raw archive goes: baselines do not count days before it as days without mentions. */
public final class ArchiveHistory {
    private ArchiveHistory() {
    }

    /** The earliest {@code raw/articles/dt=YYYY-MM-DD} directory, empty when the archive has none. */
    public static Optional<LocalDate> firstArchivedDay(FileSystem fs, HdfsLayout layout) throws IOException {
        FileStatus[] days = fs.globStatus(new Path(layout.rawArticles(), "dt=*"));
        LocalDate first = null;
        if (days != null) {
            for (FileStatus st : days) {
                String name = st.getPath().getName();
                try {
                    LocalDate d = LocalDate.parse(name.substring("dt=".length()));
                    first = first == null || d.isBefore(first) ? d : first;
                } catch (DateTimeParseException e) {
                    // Not a day directory (a stray file); the archiver never writes one, an operator might.
                    continue;
                }
            }
        }
        return Optional.ofNullable(first);
    }
}
