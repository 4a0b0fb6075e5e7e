package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.WritableComparator;
import org.junit.jupiter.api.Test;

class CopyKeyTest {
    private static final byte[] NINE = "2024050109\ten\tnews\t".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEN = "2024050110\ten\tnews\t".getBytes(StandardCharsets.UTF_8);

    @Test
    void theRawOrderIsTheObjectOrderAndIsRegistered() throws IOException {
        Random random = new Random(7);
        List<CopyKey> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String id = "a" + random.nextInt(40) + (random.nextBoolean() ? "-서울" : "");
            keys.add(random.nextBoolean() ? idBatch(random.nextInt(3), random.nextInt(IdBatches.BUCKETS))
                    : sliceRecord(random.nextBoolean() ? NINE : TEN, id, random.nextInt(3), random.nextInt(5)));
        }
        WritableComparator registered = WritableComparator.get(CopyKey.class);
        assertThat(registered).isInstanceOf(CopyKey.SortComparator.class);
        for (CopyKey a : keys) {
            byte[] x = bytes(a);
            for (CopyKey b : keys) {
                byte[] y = bytes(b);
                assertThat(Integer.signum(registered.compare(x, 0, x.length, y, 0, y.length)))
                        .as("%s vs %s", a, b).isEqualTo(Integer.signum(a.compareTo(b)));
            }
        }
    }

    @Test
    void idBatchesComeFirstInOneGroupPerTaskInBucketOrder() throws IOException {
        CopyKey later = idBatch(0, 900);
        CopyKey first = idBatch(0, 3);
        CopyKey slice = sliceRecord(NINE, "a1", 0, 9);

        List<CopyKey> order = sorted(slice, later, first);

        assertThat(order).containsExactly(first, later, slice);
        CopyKey.GroupComparator group = new CopyKey.GroupComparator();
        assertThat(group.compare(bytes(first), 0, bytes(first).length, bytes(later), 0, bytes(later).length)).isZero();
        assertThat(group.compare(bytes(first), 0, bytes(first).length, bytes(slice), 0, bytes(slice).length)).isNegative();
        assertThat(group.compare(first, later)).isZero();
        assertThat(group.compare(first, slice)).isNegative();
        // Another reduce task's batches (never in the same task) would be another group.
        CopyKey elsewhere = idBatch(1, 3);
        assertThat(group.compare(bytes(first), 0, bytes(first).length, bytes(elsewhere), 0, bytes(elsewhere).length)).isNotZero();
        CopyKey read = new CopyKey();
        read.readFields(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes(later))));
        assertThat(read.isIdRecord()).isTrue();
        assertThat(read.bucket()).isEqualTo(900);
        assertThat(read.compareTo(later)).isZero();
    }

    @Test
    void sliceRecordsGroupBySliceInSliceOrderWithCopiesOfAnIdAdjacent() throws IOException {
        CopyKey nineA = sliceRecord(NINE, "a1", 1, 3);
        CopyKey nineAEarlier = sliceRecord(NINE, "a1", 0, 8);
        CopyKey nineB = sliceRecord(NINE, "b7", 0, 1);
        CopyKey ten = sliceRecord(TEN, "a1", 0, 0);
        CopyKey.GroupComparator group = new CopyKey.GroupComparator();

        List<CopyKey> order = sorted(ten, nineA, nineB, nineAEarlier);

        assertThat(order.get(3)).isSameAs(ten);
        assertThat(order.indexOf(nineAEarlier) + 1).isEqualTo(order.indexOf(nineA));
        assertThat(group.compare(bytes(nineA), 0, bytes(nineA).length, bytes(nineB), 0, bytes(nineB).length)).isZero();
        assertThat(group.compare(bytes(nineA), 0, bytes(nineA).length, bytes(ten), 0, bytes(ten).length)).isNegative();
    }

    @Test
    void idRecordsGoToTheTaskTheyNameAndASliceToOneTask() {
        CopyKey.SlicePartitioner partitioner = new CopyKey.SlicePartitioner();
        for (int r = 0; r < 3; r++) {
            assertThat(partitioner.getPartition(idBatch(r, 17), null, 3)).isEqualTo(r);
        }
        assertThat(partitioner.getPartition(sliceRecord(NINE, "a1", 0, 0), null, 3))
                .isEqualTo(partitioner.getPartition(sliceRecord(NINE, "zz", 4, 4), null, 3));
    }

    @Test
    void theHashIsStableAcrossRuns() {
        // Copies of one id must sort together whichever JVM mapped them: a fixed function of the bytes.
        assertThat(CopyKey.hash64("a1".getBytes(StandardCharsets.UTF_8), 0, 2)).isEqualTo(CopyKey.hash64(new byte[] {'x', 'a', '1'}, 1, 2));
        assertThat(CopyKey.hash64(new byte[0], 0, 0)).isEqualTo(CopyKey.hash64(new byte[0], 0, 0));
        assertThat(CopyKey.hash64("a1".getBytes(StandardCharsets.UTF_8), 0, 2))
                .isNotEqualTo(CopyKey.hash64("a2".getBytes(StandardCharsets.UTF_8), 0, 2));
    }

    private static CopyKey idBatch(int reduce, int bucket) {
        CopyKey key = new CopyKey();
        key.toIdBatch(reduce, bucket);
        return key;
    }

    private static CopyKey sliceRecord(byte[] slice, String id, int partition, long offset) {
        CopyKey key = new CopyKey();
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        key.setCopy(bytes, CopyKey.hash64(bytes, 0, bytes.length), partition, offset);
        key.toSliceRecord(slice, slice.length);
        return key;
    }

    private static List<CopyKey> sorted(CopyKey... keys) {
        List<CopyKey> out = new ArrayList<>(Arrays.asList(keys));
        out.sort(CopyKey::compareTo);
        return out;
    }

    private static byte[] bytes(CopyKey key) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        key.write(out);
        return Arrays.copyOf(out.getData(), out.getLength());
    }
}
