package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * Stage-1 map output value: one archived copy of an article, with the Kafka position that decides which copy of a
 * duplicate id counts (the smallest {@code (partition, offset)}: the first copy). Mutable and reused, as Hadoop
 * Writables are.
 */
public final class ArchivedLine implements Writable {
    private int partition;
    private long offset;
    private final Text line = new Text();

    public void set(int newPartition, long newOffset, byte[] bytes, int length) {
        this.partition = newPartition;
        this.offset = newOffset;
        this.line.set(bytes, 0, length);
    }

    /** Copies another instance (Hadoop reuses the value object while a reducer iterates). */
    public void set(ArchivedLine other) {
        set(other.partition, other.offset, other.line.getBytes(), other.line.getLength());
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public Text line() {
        return line;
    }

    /** True when this copy was written to Kafka before {@code other}. */
    public boolean isBefore(ArchivedLine other) {
        return partition != other.partition ? partition < other.partition : offset < other.offset;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeInt(partition);
        out.writeLong(offset);
        line.write(out);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        partition = in.readInt();
        offset = in.readLong();
        line.readFields(in);
    }

    @Override
    public String toString() {
        return partition + "@" + offset + " " + line;
    }
}
