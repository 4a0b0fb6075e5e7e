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
    void theSummaryCarriesOutcomeSliceAndUnsafeKeywordsOnly() throws IOException {
        AnalyzedCopy copy = counted("2024050109", "ko", "김");
        copy.addKeyword("서울", "서울");
        copy.addUnsafeKeyword();
        copy.writeSummary(true);

        AnalyzedCopy read = roundTrip(copy, new AnalyzedCopy());

        assertThat(read.outcome()).isEqualTo(AnalyzedCopy.Outcome.COUNTED);
        assertThat(read.slicePrefix()).isEqualTo("2024050109\tko\tsocial\t");
        assertThat(read.unsafeKeywords()).isEqualTo(1);
        assertThat(read.keywordCount()).isZero();
        assertThat(read.author()).isEmpty();
        assertThat(read.sameDestination(copy)).isTrue();
    }

    @Test
    void copiesAgreeOnTheirDestinationOnlyWithTheSameOutcomeAndSlice() {
        AnalyzedCopy nine = counted("2024050109", "en", "");
        AnalyzedCopy eight = counted("2024050108", "en", "");
        AnalyzedCopy alsoNine = counted("2024050109", "en", "kim");
        AnalyzedCopy filtered = new AnalyzedCopy();
        filtered.setFiltered();
        AnalyzedCopy late = new AnalyzedCopy();
        late.setAfterCutoff();
        AnalyzedCopy alsoLate = new AnalyzedCopy();
        alsoLate.setAfterCutoff();

        assertThat(nine.sameDestination(alsoNine)).isTrue();
        assertThat(nine.sameDestination(eight)).isFalse();
        assertThat(nine.sameDestination(filtered)).isFalse();
        assertThat(filtered.sameDestination(late)).isFalse();
        assertThat(late.sameDestination(alsoLate)).isTrue();
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
