package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
}
