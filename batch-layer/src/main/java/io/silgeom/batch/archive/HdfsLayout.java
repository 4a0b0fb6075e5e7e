package io.silgeom.batch.archive;

import io.silgeom.core.time.TimeBuckets;
import java.time.Instant;
import java.util.Objects;
import org.apache.hadoop.fs.Path;

/**
 * The paths of DESIGN.md §7 under one root ({@code hdfs.root}); nothing else in the batch layer builds a path
 * string. {@code hdfs-layout/LAYOUT.md} documents the same tree for operators and Hive.
 *
 * <pre>
 * raw/articles/dt=YYYY-MM-DD/hr=HH/part-&lt;p&gt;-&lt;first&gt;-&lt;last&gt;.jsonl   archived records, by event time
 * raw/articles/dt=YYYY-MM-DD/hr=HH/_SUCCESS                         hour closed: the archiver's watermark passed it
 * raw/_offsets/&lt;topic&gt;/_closed-&lt;yyyyMMddHH&gt;                      the last hour the archiver closed
 * raw/_offsets/&lt;topic&gt;/&lt;p&gt;/&lt;lastOffset&gt;                            commit marker of the last complete flush
 * raw/_offsets/&lt;topic&gt;/&lt;p&gt;/_pending-&lt;lastOffset&gt;                   files of a flush in progress
 * quarantine/dt=YYYY-MM-DD/part-&lt;p&gt;-&lt;first&gt;-&lt;last&gt;.jsonl        dead letters, by receive date
 * views/keyword_hourly/v=&lt;version&gt;/part-r-NNNNN                    batch view
 * reports/batch/&lt;version&gt;.json                                     batch run report
 * </pre>
 */
public final class HdfsLayout {
    /** Name prefix of {@link #closedHourMarker}; the hour id follows it. */
    public static final String CLOSED_PREFIX = "_closed-";

    private final Path root;

    public HdfsLayout(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** @param root a URI such as {@code hdfs://namenode:8020/silgeom} or {@code file:///var/silgeom} */
    public static HdfsLayout of(String root) {
        return new HdfsLayout(new Path(root));
    }

    public Path root() {
        return root;
    }

    public Path rawArticles() {
        return new Path(root, "raw/articles");
    }

    /** The hour directory of an archived record: by EVENT time, so a day's files hold that day's articles. */
    public Path rawHourDir(Instant eventTime) {
        return new Path(rawArticles(), "dt=" + TimeBuckets.datePartition(eventTime) + "/hr=" + TimeBuckets.hourPartition(eventTime));
    }

    /** The flag that closes an hour: the archiver's watermark has passed its end plus the allowed lateness. */
    public Path hourClosedFlag(Instant hour) {
        return new Path(rawHourDir(hour), "_SUCCESS");
    }

    /** The raw day directory {@code dt=YYYY-MM-DD} holding the hour of {@code t}. */
    public Path rawDayDir(Instant t) {
        return new Path(rawArticles(), "dt=" + TimeBuckets.datePartition(t));
    }

    /** Glob of every raw hour directory (the batch job's input). */
    public Path rawHourGlob() {
        return new Path(rawArticles(), "dt=*/hr=*");
    }

    public Path quarantine() {
        return new Path(root, "quarantine");
    }

    /** The quarantine directory of a dead letter: by RECEIVE date, since an invalid record may have no event time. */
    public Path quarantineDir(Instant receivedAt) {
        return new Path(quarantine(), "dt=" + TimeBuckets.datePartition(receivedAt));
    }

    public Path quarantineGlob() {
        return new Path(quarantine(), "dt=*");
    }

    public Path offsetsDir(String topic) {
        return new Path(root, "raw/_offsets/" + Objects.requireNonNull(topic, "topic"));
    }

    public Path offsetsDir(String topic, int partition) {
        return new Path(offsetsDir(topic), String.valueOf(partition));
    }

    /** The archiver's record of the last hour it closed: {@code raw/_offsets/<topic>/_closed-<yyyyMMddHH>}. */
    public Path closedHourMarker(String topic, Instant hour) {
        return new Path(offsetsDir(topic), CLOSED_PREFIX + TimeBuckets.hourId(hour));
    }

    public Path keywordHourlyViews() {
        return new Path(root, "views/keyword_hourly");
    }

    public Path keywordHourlyView(String version) {
        return new Path(keywordHourlyViews(), "v=" + version);
    }

    public Path batchReport(String version) {
        return new Path(root, "reports/batch/" + version + ".json");
    }
}
