package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

class AnalyzedCopyTest {
    @Test
    void aCountedCopySurvivesTheShuffleWithItsKeywordsAuthorAndPosition() throws IOException {
        AnalyzedCopy copy = new AnalyzedCopy();
        copy.setCounted(3, 42L, "2024050109", "ko", "social", "김");
        copy.addKeyword("서울", "서울");
        copy.addKeyword("flood", "Floods");
        copy.addUnsafeKeyword();

        AnalyzedCopy read = roundTrip(copy, new AnalyzedCopy());

        assertThat(read.toString()).isEqualTo(copy.toString());
        assertThat(read.outcome()).isEqualTo(AnalyzedCopy.Outcome.COUNTED);
        assertThat(read.slicePrefix()).isEqualTo("2024050109\tko\tsocial\t");
        assertThat(read.author()).isEqualTo("김");
        assertThat(read.keywordCount()).isEqualTo(2);
        assertThat(read.display(0)).isEqualTo("서울");
        assertThat(read.display(1)).isEqualTo("Floods");
        assertThat(read.unsafeKeywords()).isEqualTo(1);
    }

    @Test
    void aCopyPassedOnUndecodedKeepsItsSliceAndKeywords() throws IOException {
        AnalyzedCopy copy = new AnalyzedCopy();
        copy.setCounted(3, 42L, "2024050109", "ko", "social", "김");
        copy.addKeyword("서울", "서울");
        AnalyzedCopy shuffled = roundTrip(copy, new AnalyzedCopy());
        // What stage 1's reduce does: copy the value, key it by its slice, write it on.
        AnalyzedCopy first = new AnalyzedCopy();
        first.set(shuffled);
        Text slice = new Text();
        first.sliceTo(slice);

        AnalyzedCopy inStage2 = roundTrip(first, new AnalyzedCopy());

        assertThat(slice).hasToString("2024050109\tko\tsocial\t");
        assertThat(inStage2.toString()).isEqualTo(copy.toString());
        assertThat(inStage2.isBefore(copy) || copy.isBefore(inStage2)).isFalse();
    }

    @Test
    void aReusedInstanceForgetsTheKeywordsOfTheLastRecord() throws IOException {
        AnalyzedCopy counted = new AnalyzedCopy();
        counted.setCounted(0, 1L, "2024050109", "en", "news", "");
        counted.addKeyword("seoul", "Seoul");
        AnalyzedCopy reused = roundTrip(counted, new AnalyzedCopy());
        AnalyzedCopy late = new AnalyzedCopy();
        late.setAfterCutoff(1, 7L);

        roundTrip(late, reused);

        assertThat(reused.outcome()).isEqualTo(AnalyzedCopy.Outcome.AFTER_CUTOFF);
        assertThat(reused.keywordCount()).isZero();
        assertThat(reused.partition()).isEqualTo(1);
        assertThat(reused.offset()).isEqualTo(7L);
    }

    @Test
    void theFirstCopyIsTheOneWithTheSmallestPartitionThenOffset() {
        AnalyzedCopy p0o9 = new AnalyzedCopy();
        p0o9.setFiltered(0, 9L);
        AnalyzedCopy p1o2 = new AnalyzedCopy();
        p1o2.setFiltered(1, 2L);
        AnalyzedCopy p1o3 = new AnalyzedCopy();
        p1o3.setFiltered(1, 3L);

        assertThat(p0o9.isBefore(p1o2)).isTrue();
        assertThat(p1o2.isBefore(p1o3)).isTrue();
        assertThat(p1o3.isBefore(p0o9)).isFalse();
    }

    private static AnalyzedCopy roundTrip(AnalyzedCopy in, AnalyzedCopy out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.write(new DataOutputStream(bytes));
        out.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        return out;
    }
}
