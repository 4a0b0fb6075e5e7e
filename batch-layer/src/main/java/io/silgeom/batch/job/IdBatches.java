package io.silgeom.batch.job;

import io.silgeom.batch.job.AnalyzedCopy.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.WritableUtils;

/**
 * The id records of {@link KeywordHourlyJob}, in batches: every copy's id, position and outcome (and slice, if
 * counted), which every reduce task needs to find the ids whose copies disagree on where they count. One Hadoop record
 * per copy and reduce task made these the bulk of the map output (two of every three records with two reduce tasks)
 * and of what the shuffle sorts and merges; instead a map task collects its copies into {@link #BUCKETS} buckets by the
 * top bits of the id hash and writes each bucket as one record per reduce task (key {@code (target, bucket)},
 * {@link CopyKey#toIdBatch}), when it ends or when {@link #FLUSH_BYTES} are held. A reduce task receives the batches in
 * bucket order, all copies of an id in the same bucket, and sorts each bucket's copies in memory ({@link Bucket}): by id
 * hash, id, partition, offset, so the copies of an id are adjacent and its first copy leads. Exact on the full id. A
 * bucket holds about 1/{@value #BUCKETS} of the job's copies (a thousand for 1M documents; ~100 MB for 1,000M).
 *
 * <p>A copy's entry: id hash (8 bytes), id (vint length, UTF-8), partition (4 bytes), offset (vlong), outcome (1 byte),
 * and for a counted copy its unsafe keywords (vint) and slice (vint length, UTF-8 {@code hourId\tlang\tsource\t}).
 */
final class IdBatches {
    static final int BUCKET_BITS = 10;
    static final int BUCKETS = 1 << BUCKET_BITS;
    /** A map task writes its batches when it holds this much (and when it ends); each write sends them to every task. */
    static final int FLUSH_BYTES = 4 << 20;
    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final byte[] NONE = new byte[0];

    private IdBatches() {
    }

    /** The bucket of an id hash: its top {@link #BUCKET_BITS} bits. */
    static int bucket(long idHash) {
        return (int) (idHash >>> (64 - BUCKET_BITS));
    }

    /** Map side: the copies of a map task, by bucket, until written. */
    static final class Collector {
        private final DataOutputBuffer[] buckets = new DataOutputBuffer[BUCKETS];
        private long held;

        /** Adds a copy; {@code slice} is read only for a counted copy. */
        void add(long idHash, byte[] id, int idLength, int partition, long offset, Outcome outcome, int unsafeKeywords,
                 byte[] slice, int sliceLength) throws IOException {
            int b = bucket(idHash);
            DataOutputBuffer out = buckets[b];
            if (out == null) {
                out = buckets[b] = new DataOutputBuffer(256);
            }
            int before = out.getLength();
            out.writeLong(idHash);
            WritableUtils.writeVInt(out, idLength);
            out.write(id, 0, idLength);
            out.writeInt(partition);
            WritableUtils.writeVLong(out, offset);
            out.writeByte(outcome.ordinal());
            if (outcome == Outcome.COUNTED) {
                WritableUtils.writeVInt(out, unsafeKeywords);
                WritableUtils.writeVInt(out, sliceLength);
                out.write(slice, 0, sliceLength);
            }
            held += out.getLength() - before;
        }

        boolean full() {
            return held >= FLUSH_BYTES;
        }

        /** The bucket's entries, valid up to {@link #length}; empty buckets have length 0. */
        byte[] data(int bucket) {
            return buckets[bucket] == null ? NONE : buckets[bucket].getData();
        }

        int length(int bucket) {
            return buckets[bucket] == null ? 0 : buckets[bucket].getLength();
        }

        /** Forgets what was written (keeps the buffers). */
        void clear() {
            for (DataOutputBuffer b : buckets) {
                if (b != null) {
                    b.reset();
                }
            }
            held = 0;
        }
    }

    /** What a reduce task learns about one id from its copies. */
    interface IdVisitor {
        /**
         * @param first the id's first copy (smallest partition, then offset)
         * @param copies how many copies the id has
         * @param agree true when every copy counts in the same place as the first (same outcome and, counted, slice)
         */
        void id(Entry first, int copies, boolean agree);
    }

    /** Reduce side: the entries of one bucket from every map task, sorted and walked per id. */
    static final class Bucket {
        private static final Comparator<Entry> ORDER = (x, y) -> {
            int c = Long.compare(x.hash, y.hash);
            if (c != 0) {
                return c;
            }
            c = Arrays.compareUnsigned(x.data, x.idStart, x.idStart + x.idLength, y.data, y.idStart, y.idStart + y.idLength);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(x.partition, y.partition);
            return c != 0 ? c : Long.compare(x.offset, y.offset);
        };

        private static final int MAX_BUCKET_BYTES = Integer.MAX_VALUE - 8;

        private byte[] data = new byte[1 << 16];
        private int length;
        private Entry[] entries = new Entry[1024];
        private int count;
        private final DataInputBuffer in = new DataInputBuffer();

        /** Adds a batch (one map task's entries of this bucket). */
        void add(byte[] batch, int batchLength) {
            long needed = (long) length + batchLength;
            if (needed > MAX_BUCKET_BYTES) {
                // One array per bucket: about 1 GB of ids in one of 1,024 buckets is far beyond any one night's input.
                throw new IllegalStateException("id bucket over " + MAX_BUCKET_BYTES + " bytes (" + needed
                        + "): too many article copies for one reduce task; run with more reduce tasks");
            }
            if (needed > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(MAX_BUCKET_BYTES, Math.max(needed, data.length * 2L)));
            }
            System.arraycopy(batch, 0, data, length, batchLength);
            length += batchLength;
        }

        boolean isEmpty() {
            return length == 0;
        }

        /** Sorts the bucket's copies and calls {@code visitor} once per id, in id-hash order; then empties the bucket. */
        void forEachId(IdVisitor visitor) throws IOException {
            parse();
            Arrays.sort(entries, 0, count, ORDER);
            int i = 0;
            while (i < count) {
                Entry first = entries[i];
                int j = i + 1;
                boolean agree = true;
                while (j < count && entries[j].sameId(first)) {
                    agree = agree && entries[j].sameDestination(first);
                    j++;
                }
                visitor.id(first, j - i, agree);
                i = j;
            }
            length = 0;
            count = 0;
        }

        private void parse() throws IOException {
            in.reset(data, 0, length);
            count = 0;
            while (in.getPosition() < length) {
                if (count == entries.length) {
                    entries = Arrays.copyOf(entries, count * 2);
                }
                Entry e = entries[count];
                if (e == null) {
                    e = entries[count] = new Entry();
                }
                e.data = data;
                e.hash = in.readLong();
                e.idLength = WritableUtils.readVInt(in);
                e.idStart = in.getPosition();
                in.skipBytes(e.idLength);
                e.partition = in.readInt();
                e.offset = WritableUtils.readVLong(in);
                int outcome = in.readByte();
                if (outcome < 0 || outcome >= OUTCOMES.length) {
                    throw new IOException("corrupt id batch: outcome " + outcome);
                }
                e.outcome = OUTCOMES[outcome];
                if (e.outcome == Outcome.COUNTED) {
                    e.unsafeKeywords = WritableUtils.readVInt(in);
                    e.sliceLength = WritableUtils.readVInt(in);
                    e.sliceStart = in.getPosition();
                    in.skipBytes(e.sliceLength);
                } else {
                    e.unsafeKeywords = 0;
                    e.sliceLength = 0;
                    e.sliceStart = 0;
                }
                if (in.getPosition() > length) {
                    throw new IOException("corrupt id batch: an entry runs past the end");
                }
                count++;
            }
        }
    }

    /** One copy's entry, read in place from its bucket (valid until the bucket's next {@link Bucket#forEachId}). */
    static final class Entry {
        private byte[] data;
        private long hash;
        private int idStart;
        private int idLength;
        private int partition;
        private long offset;
        private Outcome outcome;
        private int unsafeKeywords;
        private int sliceStart;
        private int sliceLength;

        long hash() {
            return hash;
        }

        String id() {
            return new String(data, idStart, idLength, StandardCharsets.UTF_8);
        }

        int partition() {
            return partition;
        }

        long offset() {
            return offset;
        }

        Outcome outcome() {
            return outcome;
        }

        int unsafeKeywords() {
            return unsafeKeywords;
        }

        /** The slice prefix of a counted copy, else empty. */
        String slice() {
            return new String(data, sliceStart, sliceLength, StandardCharsets.UTF_8);
        }

        boolean sameId(Entry o) {
            return hash == o.hash && Arrays.equals(data, idStart, idStart + idLength, o.data, o.idStart, o.idStart + o.idLength);
        }

        /** Same outcome and, counted, the same slice: copies that agree need no look across slices. */
        boolean sameDestination(Entry o) {
            return outcome == o.outcome && (outcome != Outcome.COUNTED
                    || Arrays.equals(data, sliceStart, sliceStart + sliceLength, o.data, o.sliceStart, o.sliceStart + o.sliceLength));
        }

        @Override
        public String toString() {
            return id() + " " + partition + "@" + offset + " " + outcome + (outcome == Outcome.COUNTED ? " " + slice().replace('\t', ' ') : "");
        }
    }
}
