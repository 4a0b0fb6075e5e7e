package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** How far back the raw archive goes: baselines do not count days before it as days without mentions. */
public final class ArchiveHistory {
    private ArchiveHistory() {
    }

    /**
     * The first day of the archive's unbroken run of {@code raw/articles/dt=YYYY-MM-DD} directories that ends at the
     * latest one not after {@code lastDay}; empty when there is none.
     *
     * <p>NOTE: directories are by EVENT time, so one article published years ago makes a lone directory years back;
     * taking the unbroken run rather than the earliest directory keeps such strays from passing for history (a day
     * with no article at all inside the run ends it too: such a day is an outage, not a day of zero mentions).
     */
    public static Optional<LocalDate> firstArchivedDay(FileSystem fs, HdfsLayout layout, LocalDate lastDay) throws IOException {
        FileStatus[] dirs = fs.globStatus(new Path(layout.rawArticles(), "dt=*"));
        TreeSet<LocalDate> days = new TreeSet<>();
        if (dirs != null) {
            for (FileStatus st : dirs) {
                try {
                    days.add(LocalDate.parse(st.getPath().getName().substring("dt=".length())));
                } catch (DateTimeParseException e) {
                    // Not a day directory (a stray file); the archiver never writes one, an operator might.
                    continue;
                }
            }
        }
        LocalDate first = days.floor(lastDay);
        if (first == null) {
            return Optional.empty();
        }
        while (days.contains(first.minusDays(1))) {
            first = first.minusDays(1);
        }
        return Optional.of(first);
    }
}
