package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * Mentions of one keyword summed per hour of day (24 cells, UTC): the value the baselines job maps, combines and
 * reduces. Variable-length longs on the wire, so the many zero cells of one mapped line cost a byte each.
 */
public final class HourOfDayCounts implements Writable {
    private final long[] counts = new long[24];

    /** Only {@code hourOfDay} holds {@code count}. */
    public void setOnly(int hourOfDay, long count) {
        Arrays.fill(counts, 0);
        counts[hourOfDay] = count;
    }

    public void clear() {
        Arrays.fill(counts, 0);
    }

    public void add(HourOfDayCounts other) {
        for (int i = 0; i < 24; i++) {
            counts[i] += other.counts[i];
        }
    }

    public long get(int hourOfDay) {
        return counts[hourOfDay];
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        for (long c : counts) {
            WritableUtils.writeVLong(out, c);
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        for (int i = 0; i < 24; i++) {
            counts[i] = WritableUtils.readVLong(in);
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(counts);
    }
}
