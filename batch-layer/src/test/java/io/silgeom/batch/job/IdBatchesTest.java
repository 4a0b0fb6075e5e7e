package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.job.AnalyzedCopy.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdBatchesTest {
    private static final byte[] NINE = "2024050109\ten\tnews\t".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TEN = "2024050110\ten\tnews\t".getBytes(StandardCharsets.UTF_8);

    @Test
    void eachIdIsVisitedOnceWithItsFirstCopyItsCopiesAndWhetherTheyAgree() throws IOException {
        // Two map tasks' batches, copies of one id in both; ids chosen so that they share a bucket.
        IdBatches.Collector mapA = new IdBatches.Collector();
        IdBatches.Collector mapB = new IdBatches.Collector();
        String agreeing = "a1";
        add(mapA, agreeing, 1, 70, Outcome.COUNTED, NINE);
        add(mapB, agreeing, 0, 90, Outcome.COUNTED, NINE);
        add(mapB, agreeing, 1, 5, Outcome.COUNTED, NINE);
        String movedHour = "b2";
        add(mapA, movedHour, 0, 3, Outcome.COUNTED, TEN);
        add(mapB, movedHour, 0, 1, Outcome.COUNTED, NINE);
        String filteredLater = "서울-c3";
        add(mapB, filteredLater, 0, 8, Outcome.COUNTED, NINE);
        add(mapA, filteredLater, 0, 9, Outcome.FILTERED, null);
        add(mapA, "late", 2, 2, Outcome.AFTER_CUTOFF, null);

        List<String> visited = new ArrayList<>();
        for (int b = 0; b < IdBatches.BUCKETS; b++) {
            IdBatches.Bucket bucket = new IdBatches.Bucket();
            bucket.add(mapA.data(b), mapA.length(b)); // an empty bucket adds nothing
            bucket.add(mapB.data(b), mapB.length(b));
            if (!bucket.isEmpty()) {
                bucket.forEachId((first, copies, agree) -> visited.add(first + " x" + copies + (agree ? "" : " disagree")));
                assertThat(bucket.isEmpty()).isTrue();
            }
        }

        assertThat(visited).containsExactlyInAnyOrder(
                "a1 0@90 COUNTED 2024050109 en news  x3",
                "b2 0@1 COUNTED 2024050109 en news  x2 disagree",
                "서울-c3 0@8 COUNTED 2024050109 en news  x2 disagree",
                "late 2@2 AFTER_CUTOFF x1");
    }

    @Test
    void aCollisionOfHashesKeepsTheIdsApart() throws IOException {
        IdBatches.Collector map = new IdBatches.Collector();
        long hash = 42L;
        byte[] x = "x".getBytes(StandardCharsets.UTF_8);
        byte[] y = "y".getBytes(StandardCharsets.UTF_8);
        map.add(hash, y, 1, 0, 4, Outcome.FILTERED, 0, NINE, 0);
        map.add(hash, x, 1, 0, 7, Outcome.COUNTED, 2, NINE, NINE.length);
        map.add(hash, x, 1, 0, 6, Outcome.COUNTED, 0, NINE, NINE.length);
        IdBatches.Bucket bucket = new IdBatches.Bucket();
        int b = IdBatches.bucket(hash);
        bucket.add(map.data(b), map.length(b));
        List<String> visited = new ArrayList<>();

        bucket.forEachId((first, copies, agree) -> visited.add(first.id() + "@" + first.offset() + " x" + copies + " " + agree
                + " unsafe " + first.unsafeKeywords()));

        assertThat(visited).containsExactly("x@6 x2 true unsafe 0", "y@4 x1 true unsafe 0");
    }

    @Test
    void theCollectorIsFullAtTheFlushSizeAndEmptyAfterClear() throws IOException {
        IdBatches.Collector map = new IdBatches.Collector();
        byte[] id = new byte[1000];
        int n = 0;
        while (!map.full()) {
            Arrays.fill(id, (byte) ('a' + n % 26));
            map.add(n * 0x9E3779B97F4A7C15L, id, id.length, 0, n, Outcome.AFTER_CUTOFF, 0, null, 0);
            n++;
        }
        // Each entry is its 1,000-byte id plus under 30 bytes: full once they add up to the flush size, not before.
        assertThat(n * 1030L).isGreaterThanOrEqualTo(IdBatches.FLUSH_BYTES);
        assertThat((n - 1) * 1000L).isLessThan(IdBatches.FLUSH_BYTES);
        map.clear();
        assertThat(map.full()).isFalse();
        for (int b = 0; b < IdBatches.BUCKETS; b++) {
            assertThat(map.length(b)).isZero();
        }
    }

    private static void add(IdBatches.Collector to, String id, int partition, long offset, Outcome outcome, byte[] slice)
            throws IOException {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        to.add(CopyKey.hash64(bytes, 0, bytes.length), bytes, bytes.length, partition, offset, outcome, 0, slice,
                slice == null ? 0 : slice.length);
    }
}
