package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.archive.HdfsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveHistoryTest {
    @TempDir
    Path tmp;

    @Test
    void historyStartsAtTheUnbrokenRunOfDaysEndingBeforeTheCutoff() throws IOException {
        // A stray article published in 2019, then the archive proper from 2024-04-28; a day after the cutoff too.
        for (String day : new String[] {"2019-03-01", "2024-04-28", "2024-04-29", "2024-04-30", "2024-05-01", "2024-05-09"}) {
            Files.createDirectories(tmp.resolve("raw/articles/dt=" + day + "/hr=09"));
        }
        Files.createDirectories(tmp.resolve("raw/articles/_offsets")); // not a day: ignored
        FileSystem fs = FileSystem.getLocal(new Configuration());
        HdfsLayout layout = HdfsLayout.of(tmp.toUri().toString());

        assertThat(ArchiveHistory.firstArchivedDay(fs, layout, LocalDate.parse("2024-05-01"))).hasValue(LocalDate.parse("2024-04-28"));
        // A last day without articles: the run ends at the latest day before it.
        assertThat(ArchiveHistory.firstArchivedDay(fs, layout, LocalDate.parse("2024-05-05"))).hasValue(LocalDate.parse("2024-04-28"));
        assertThat(ArchiveHistory.firstArchivedDay(fs, layout, LocalDate.parse("2019-03-01"))).hasValue(LocalDate.parse("2019-03-01"));
        assertThat(ArchiveHistory.firstArchivedDay(fs, layout, LocalDate.parse("2018-01-01"))).isEmpty();
    }

    @Test
    void anEmptyArchiveHasNoHistory() throws IOException {
        assertThat(ArchiveHistory.firstArchivedDay(FileSystem.getLocal(new Configuration()), HdfsLayout.of(tmp.toUri().toString()),
                LocalDate.parse("2024-05-01"))).isEmpty();
    }
}
