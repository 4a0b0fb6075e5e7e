package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AnalyzedCopyTest {
    @Test
    void aCountedCopySurvivesTheShuffleWithItsKeywordsAndAuthor() throws IOException {
        AnalyzedCopy copy = counted("2024050109", "ko", "김");
        copy.addKeyword("서울", "서울");
        copy.addKeyword("flood", "Floods");
        copy.addUnsafeKeyword();

        AnalyzedCopy read = roundTrip(copy, new AnalyzedCopy());

        assertThat(read.outcome()).isEqualTo(AnalyzedCopy.Outcome.COUNTED);
        assertThat(read.author()).isEqualTo("김");
        assertThat(read.keywordCount()).isEqualTo(2);
        assertThat(read.canonical(0)).isEqualTo("서울");
        assertThat(read.display(0)).isEqualTo("서울");
        assertThat(read.canonical(1)).isEqualTo("flood");
        assertThat(read.display(1)).isEqualTo("Floods");
        // The full form leaves the slice to the key.
        assertThat(read.slicePrefix()).isEmpty();
    }

    @Test
    void anIdBatchTravelsAsItsBytesAndAReusedInstanceForgetsIt() throws IOException {
        AnalyzedCopy batch = new AnalyzedCopy();
        byte[] entries = {1, 2, 3, 4, 5};
        batch.setIdBatch(entries, 4);

        AnalyzedCopy read = roundTrip(batch, new AnalyzedCopy());

        assertThat(read.isIdBatch()).isTrue();
        assertThat(java.util.Arrays.copyOf(read.batchBytes(), read.batchLength())).containsExactly(1, 2, 3, 4);
        assertThat(read.batchBytes()).isNotSameAs(entries);
        AnalyzedCopy counted = counted("2024050109", "en", "kim");
        counted.addKeyword("seoul", "Seoul");
        roundTrip(counted, read);
        assertThat(read.isIdBatch()).isFalse();
        assertThat(read.keywordCount()).isEqualTo(1);
        assertThat(read.author()).isEqualTo("kim");
    }

    @Test
    void aReusedInstanceForgetsTheKeywordsOfTheLastRecord() throws IOException {
        AnalyzedCopy counted = counted("2024050109", "en", "");
        counted.addKeyword("seoul", "Seoul");
        AnalyzedCopy reused = roundTrip(counted, new AnalyzedCopy());
        AnalyzedCopy late = new AnalyzedCopy();
        late.setAfterCutoff();

        roundTrip(late, reused);

        assertThat(reused.outcome()).isEqualTo(AnalyzedCopy.Outcome.AFTER_CUTOFF);
        assertThat(reused.keywordCount()).isZero();
        assertThat(reused.slicePrefix()).isEmpty();
    }

    private static AnalyzedCopy counted(String hourId, String lang, String author) {
        AnalyzedCopy copy = new AnalyzedCopy();
        copy.setCounted(hourId, lang, lang.equals("ko") ? "social" : "news", author);
        return copy;
    }

    private static AnalyzedCopy roundTrip(AnalyzedCopy in, AnalyzedCopy out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.write(new DataOutputStream(bytes));
        out.readFields(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        return out;
    }
}
