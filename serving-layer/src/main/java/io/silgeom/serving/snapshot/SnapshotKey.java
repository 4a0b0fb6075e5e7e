package io.silgeom.serving.snapshot;

import io.silgeom.core.redis.Slice;
import io.silgeom.serving.trend.TrendWindow;
import java.util.Objects;

/** Which chart: window and (lang, source) slice. Snapshots of one key follow each other; ranks move within a key. */
public record SnapshotKey(TrendWindow window, Slice slice) {
    /** The chart the dashboard opens with and the SSE stream follows: 1h, all languages, all sources. */
    public static final SnapshotKey DEFAULT = new SnapshotKey(TrendWindow.DEFAULT, Slice.TOTAL);

    public SnapshotKey {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(slice, "slice");
    }

    @Override
    public String toString() {
        return window.label() + "/" + slice.lang() + "/" + slice.source();
    }
}
