package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch of ids through {@link SeenIds#addAll} is judged exactly as one id at a time through {@link SeenIds#add}. */
class SeenIdsTest {

    @Test
    void addAllSaysWhatAddSaysIdByIdInOrder() {
        Random random = new Random(5);
        SeenIds oneByOne = new SeenIds();
        SeenIds batched = new SeenIds();
        List<Boolean> expected = new ArrayList<>();
        List<Boolean> actual = new ArrayList<>();
        int repeats = 0;
        for (int round = 0; round < 2_000; round++) {
            int n = random.nextInt(300);
            String[] ids = new String[n + 3];
            for (int i = 0; i < n; i++) {
                // A small id space, so that ids repeat within a batch and across batches; the table grows meanwhile.
                ids[i] = "id-" + random.nextInt(200_000);
                boolean fresh = oneByOne.add(ids[i]);
                expected.add(fresh);
                repeats += fresh ? 0 : 1;
            }
            boolean[] fresh = batched.addAll(ids, n);
            assertThat(fresh).hasSize(n);
            for (boolean f : fresh) {
                actual.add(f);
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(repeats).as("the ids did repeat").isGreaterThan(10_000);
        assertThat(batched.size()).isEqualTo(oneByOne.size());
    }

    @Test
    void answersAsASetOfTheIdsDoesWhileTheTableGrowsOverManyChunks() {
        // 700,000 ids out of 500,000: the table grows from one 512 KB chunk to 32 of them, probes run across chunk
        // ends, and more than a fifth of the rows repeat an id.
        Random random = new Random(11);
        SeenIds seen = new SeenIds();
        Set<String> reference = new HashSet<>();
        int disagreements = 0;
        int repeats = 0;
        for (int round = 0; round < 2_800; round++) {
            String[] ids = new String[250];
            boolean[] expected = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (round % 2 == 0 ? "crisislex-" : "reuters-") + random.nextInt(500_000);
                expected[i] = reference.add(ids[i]);
                repeats += expected[i] ? 0 : 1;
            }
            boolean[] fresh = round % 7 == 0 ? oneByOne(seen, ids) : seen.addAll(ids, ids.length);
            for (int i = 0; i < ids.length; i++) {
                disagreements += fresh[i] == expected[i] ? 0 : 1;
            }
        }
        assertThat(disagreements).isZero();
        assertThat(seen.size()).isEqualTo(reference.size()).isGreaterThan(300_000);
        assertThat(repeats).isGreaterThan(150_000);
    }

    private static boolean[] oneByOne(SeenIds seen, String[] ids) {
        boolean[] fresh = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) {
            fresh[i] = seen.add(ids[i]);
        }
        return fresh;
    }
}
