package io.silgeom.batch.archive;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Name of an archive file: {@code part-<partition>-<firstOffset>-<lastOffset>.jsonl}, where first and last are the
 * smallest and largest Kafka offsets of the records IN THAT FILE (one flush writes one file per partition and
 * directory, so the ranges of two files of one partition never overlap). The name alone says which records a file
 * holds, so recovery can tell a file of an incomplete flush from a committed one without reading it.
 *
 * <p>While being written a file has the temporary name {@code .part-…jsonl.tmp} in the same directory: the leading
 * dot hides it from MapReduce and Hive, and the rename to the final name is atomic on HDFS.
 */
public record OffsetRangeFileName(int partition, long firstOffset, long lastOffset) {
    private static final Pattern NAME = Pattern.compile("part-(\\d+)-(\\d+)-(\\d+)\\.jsonl");

    public OffsetRangeFileName {
        if (partition < 0 || firstOffset < 0 || lastOffset < firstOffset) {
            throw new IllegalArgumentException("bad offset range: partition " + partition + ", offsets "
                    + firstOffset + ".." + lastOffset);
        }
    }

    public String fileName() {
        return "part-" + partition + "-" + firstOffset + "-" + lastOffset + ".jsonl";
    }

    public String tempFileName() {
        return "." + fileName() + ".tmp";
    }

    /** Empty for any other name (temporary files, markers, {@code _SUCCESS}, checksums). */
    public static Optional<OffsetRangeFileName> parse(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OffsetRangeFileName(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3))));
        } catch (IllegalArgumentException e) { // NumberFormatException included: digits too long, or last < first
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return fileName();
    }
}
