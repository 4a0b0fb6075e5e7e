package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/** One hour (hours since the epoch, UTC) and a keyword's count in it: the value of the features job. */
public final class HourCount implements Writable {
    private long hour;
    private long count;

    public void set(long newHour, long newCount) {
        this.hour = newHour;
        this.count = newCount;
    }

    public long hour() {
        return hour;
    }

    public long count() {
        return count;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        WritableUtils.writeVLong(out, hour);
        WritableUtils.writeVLong(out, count);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        hour = WritableUtils.readVLong(in);
        count = WritableUtils.readVLong(in);
    }

    @Override
    public String toString() {
        return hour + ":" + count;
    }
}
