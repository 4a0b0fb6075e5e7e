package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Map output key of {@link KeywordHourlyJob}: one archived copy of an article, as one of two kinds of record.
 *
 * <ul>
 *   <li><b>id batch</b> ({@link #isIdRecord()}): {@code (target reduce, bucket)}, its value a batch of copies' ids,
 *       positions and outcomes ({@link IdBatches}): a map task writes each bucket of its copies once per reduce task.
 *       A reduce task gets every copy of every id this way, in one group, bucket after bucket, and learns which ids
 *       have copies that disagree on where they count.</li>
 *   <li><b>slice record</b>, one per counted copy: {@code (slice, id hash, id, partition, offset)}, partitioned and
 *       grouped by slice; its value carries the author and keywords. Within a slice the copies of one id are adjacent
 *       and the first one leads.</li>
 * </ul>
 *
 * <p>Id batches sort before slice records, so a reduce task knows the conflicting duplicates before it counts a slice.
 * In a slice record the id's 64-bit hash comes before the id itself: the sort compares a fixed-width long and reads the id's bytes only
 * when two hashes are equal (copies of one id, or a collision, which only costs that comparison). The order and the
 * grouping are exact on the full id. Mutable and reused, as Hadoop keys are.
 */
public final class CopyKey implements WritableComparable<CopyKey> {
    private static final byte ID = 0;
    private static final byte SLICE = 1;
    // Big-endian reads of the fixed-width fields in one access each (WritableComparator.readLong assembles 8 bytes).
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static {
        WritableComparator.define(CopyKey.class, new SortComparator());
    }

    private byte kind = ID;
    private int target;
    private int bucket;
    private byte[] slice = new byte[32];
    private int sliceLength;
    private long hash;
    private byte[] id = new byte[32];
    private int idLength;
    private int partition;
    private long offset;
    // The serialized record, built in one buffer and handed to Hadoop in one write: the map output buffer pays a
    // bounds and spill check per call, and DataOutput.writeInt alone is four calls.
    private final DataOutputBuffer serialized = new DataOutputBuffer(96);

    /** Sets the copy this key stands for, {@code idHash} being {@link #hash64} of its id; then {@link #toSliceRecord}. */
    void setCopy(byte[] idBytes, long idHash, int newPartition, long newOffset) {
        id = ensure(id, idBytes.length);
        System.arraycopy(idBytes, 0, id, 0, idBytes.length);
        idLength = idBytes.length;
        hash = idHash;
        partition = newPartition;
        offset = newOffset;
    }

    /** The key of an id batch bound for reduce task {@code reduce}, of bucket {@code idBucket} ({@link IdBatches#bucket}). */
    void toIdBatch(int reduce, int idBucket) {
        kind = ID;
        target = reduce;
        bucket = idBucket;
    }

    /** The slice record of this copy; {@code sliceBytes[0, length)} is the UTF-8 slice prefix {@code hourId\tlang\tsource\t}. */
    void toSliceRecord(byte[] sliceBytes, int length) {
        kind = SLICE;
        slice = ensure(slice, length);
        System.arraycopy(sliceBytes, 0, slice, 0, length);
        sliceLength = length;
    }

    boolean isIdRecord() {
        return kind == ID;
    }

    /** The bucket of an id batch. */
    int bucket() {
        return bucket;
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    long idHash() {
        return hash;
    }

    /** The article id (decoded: for the rare conflicting duplicates and for messages). */
    String id() {
        return new String(id, 0, idLength, StandardCharsets.UTF_8);
    }

    /** True when this key's id equals {@code other[0, length)}. */
    boolean idEquals(byte[] other, int length) {
        return Arrays.equals(id, 0, idLength, other, 0, length);
    }

    /** Copies this key's id into {@code into} (grown if needed, returned) and returns it; its length is {@link #idLength()}. */
    byte[] copyIdTo(byte[] into) {
        byte[] out = ensure(into, idLength);
        System.arraycopy(id, 0, out, 0, idLength);
        return out;
    }

    int idLength() {
        return idLength;
    }

    /** The slice prefix of a slice record, {@code hourId\tlang\tsource\t}. */
    String slicePrefix() {
        return new String(slice, 0, sliceLength, StandardCharsets.UTF_8);
    }

    @Override
    public void write(DataOutput out) throws IOException {
        DataOutputBuffer b = serialized;
        b.reset();
        b.writeByte(kind);
        if (kind == ID) {
            b.writeInt(target);
            b.writeInt(bucket);
            out.write(b.getData(), 0, b.getLength());
            return;
        }
        WritableUtils.writeVInt(b, sliceLength);
        b.write(slice, 0, sliceLength);
        b.writeLong(hash);
        WritableUtils.writeVInt(b, idLength);
        b.write(id, 0, idLength);
        b.writeInt(partition);
        b.writeLong(offset);
        out.write(b.getData(), 0, b.getLength());
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        kind = in.readByte();
        if (kind == ID) {
            target = in.readInt();
            bucket = in.readInt();
            sliceLength = 0;
            idLength = 0;
            return;
        } else if (kind == SLICE) {
            sliceLength = WritableUtils.readVInt(in);
            slice = ensure(slice, sliceLength);
            in.readFully(slice, 0, sliceLength);
        } else {
            throw new IOException("corrupt key: kind " + kind);
        }
        hash = in.readLong();
        idLength = WritableUtils.readVInt(in);
        id = ensure(id, idLength);
        in.readFully(id, 0, idLength);
        partition = in.readInt();
        offset = in.readLong();
    }

    @Override
    public int compareTo(CopyKey o) {
        int c = Byte.compare(kind, o.kind);
        if (c != 0) {
            return c;
        }
        if (kind == ID) {
            c = Integer.compare(target, o.target);
            return c != 0 ? c : Integer.compare(bucket, o.bucket);
        }
        c = WritableComparator.compareBytes(slice, 0, sliceLength, o.slice, 0, o.sliceLength);
        if (c != 0) {
            return c;
        }
        c = Long.compare(hash, o.hash);
        if (c != 0) {
            return c;
        }
        c = WritableComparator.compareBytes(id, 0, idLength, o.id, 0, o.idLength);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(partition, o.partition);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyKey k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
        return kind == ID ? target : WritableComparator.hashBytes(slice, sliceLength);
    }

    @Override
    public String toString() {
        return kind == ID ? "ids@" + target + " bucket " + bucket
                : "slice " + slicePrefix().replace('\t', ' ') + " " + id() + " " + partition + "@" + offset;
    }

    /**
     * 64-bit hash of the id's UTF-8 bytes: FNV-1a, then MurmurHash3's finalizer so that all 64 bits depend on every
     * byte. The same on every JVM (copies of one id must sort together wherever they were mapped).
     */
    static long hash64(byte[] bytes, int start, int length) {
        long h = 0xcbf29ce484222325L;
        for (int i = start; i < start + length; i++) {
            h ^= bytes[i] & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static byte[] ensure(byte[] buffer, int length) {
        return buffer.length >= length ? buffer : new byte[Math.max(length, buffer.length * 2)];
    }

    /**
     * The sort order on the serialized bytes, without deserializing: kind, then the target reduce and bucket (id
     * batches) or the slice, the id hash, the id, partition, offset (slice records). Equal to {@link #compareTo}.
     */
    public static final class SortComparator extends WritableComparator {
        public SortComparator() {
            super(CopyKey.class);
        }

        @Override
        public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
            return compareRaw(b1, s1, b2, s2, false);
        }
    }

    /**
     * Groups slice records by slice, and all id batches of a reduce task into one group: the reducer walks them, bucket
     * after bucket, in one call.
     */
    public static final class GroupComparator extends WritableComparator {
        public GroupComparator() {
            super(CopyKey.class);
        }

        @Override
        public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
            return compareRaw(b1, s1, b2, s2, true);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public int compare(WritableComparable a, WritableComparable b) {
            CopyKey x = (CopyKey) a;
            CopyKey y = (CopyKey) b;
            int c = Byte.compare(x.kind, y.kind);
            if (c != 0) {
                return c;
            }
            return x.kind == SLICE ? compareBytes(x.slice, 0, x.sliceLength, y.slice, 0, y.sliceLength)
                    : Integer.compare(x.target, y.target);
        }
    }

    private static int compareRaw(byte[] b1, int s1, byte[] b2, int s2, boolean grouping) {
        byte k1 = b1[s1];
        byte k2 = b2[s2];
        if (k1 != k2) {
            return Byte.compare(k1, k2);
        }
        int p1 = s1 + 1;
        int p2 = s2 + 1;
        try {
            if (k1 == ID) {
                int c = Integer.compare((int) INT.get(b1, p1), (int) INT.get(b2, p2));
                return c != 0 || grouping ? c : Integer.compare((int) INT.get(b1, p1 + 4), (int) INT.get(b2, p2 + 4));
            } else {
                int n1 = WritableUtils.decodeVIntSize(b1[p1]);
                int n2 = WritableUtils.decodeVIntSize(b2[p2]);
                int len1 = WritableComparator.readVInt(b1, p1);
                int len2 = WritableComparator.readVInt(b2, p2);
                int c = WritableComparator.compareBytes(b1, p1 + n1, len1, b2, p2 + n2, len2);
                if (c != 0 || grouping) {
                    return c;
                }
                p1 += n1 + len1;
                p2 += n2 + len2;
            }
            int c = Long.compare((long) LONG.get(b1, p1), (long) LONG.get(b2, p2));
            if (c != 0) {
                return c;
            }
            p1 += 8;
            p2 += 8;
            int n1 = WritableUtils.decodeVIntSize(b1[p1]);
            int n2 = WritableUtils.decodeVIntSize(b2[p2]);
            int len1 = WritableComparator.readVInt(b1, p1);
            int len2 = WritableComparator.readVInt(b2, p2);
            c = WritableComparator.compareBytes(b1, p1 + n1, len1, b2, p2 + n2, len2);
            if (c != 0 || grouping) {
                return c;
            }
            p1 += n1 + len1;
            p2 += n2 + len2;
            c = Integer.compare((int) INT.get(b1, p1), (int) INT.get(b2, p2));
            return c != 0 ? c : Long.compare((long) LONG.get(b1, p1 + 4), (long) LONG.get(b2, p2 + 4));
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt key", e);
        }
    }

    /**
     * Id batches go to the reduce task they name (each is sent to every reduce task); slice records by the slice's hash,
     * so a slice is counted in one task.
     */
    public static final class SlicePartitioner extends Partitioner<CopyKey, AnalyzedCopy> {
        @Override
        public int getPartition(CopyKey key, AnalyzedCopy value, int reduces) {
            return key.kind == ID ? key.target % reduces : (key.hashCode() & Integer.MAX_VALUE) % reduces;
        }
    }
}
