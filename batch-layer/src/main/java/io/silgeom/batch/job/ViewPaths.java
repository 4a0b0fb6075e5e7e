package io.silgeom.batch.job;

import io.silgeom.batch.archive.HdfsLayout;
import org.apache.hadoop.fs.Path;

/**
 * The view directories the baselines and features jobs write, next to {@link HdfsLayout#keywordHourlyView}:
 *
 * <pre>
 * views/baselines/v=&lt;version&gt;/part-r-NNNNN   keyword, lang, source, hour_of_day, expected, days
 * views/features/v=&lt;version&gt;/part-r-NNNNN    hour, keyword, lang, source, count, baseline, score, docs_in_hour
 * </pre>
 */
public final class ViewPaths {
    private ViewPaths() {
    }

    public static Path baselinesViews(HdfsLayout layout) {
        return new Path(layout.root(), "views/baselines");
    }

    public static Path baselinesView(HdfsLayout layout, String version) {
        return new Path(baselinesViews(layout), "v=" + version);
    }

    public static Path featuresViews(HdfsLayout layout) {
        return new Path(layout.root(), "views/features");
    }

    public static Path featuresView(HdfsLayout layout, String version) {
        return new Path(featuresViews(layout), "v=" + version);
    }
}
