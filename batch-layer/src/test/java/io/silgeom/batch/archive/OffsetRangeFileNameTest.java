package io.silgeom.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OffsetRangeFileNameTest {
    @Test
    void namesCarryPartitionAndTheOffsetRangeOfTheFile() {
        OffsetRangeFileName name = new OffsetRangeFileName(3, 120, 245);

        assertThat(name.fileName()).isEqualTo("part-3-120-245.jsonl");
        assertThat(name.tempFileName()).isEqualTo(".part-3-120-245.jsonl.tmp");
        assertThat(OffsetRangeFileName.parse("part-3-120-245.jsonl")).hasValue(name);
    }

    @Test
    void otherNamesAreNotArchiveFiles() {
        assertThat(OffsetRangeFileName.parse(".part-3-120-245.jsonl.tmp")).isEmpty();
        assertThat(OffsetRangeFileName.parse("_SUCCESS")).isEmpty();
        assertThat(OffsetRangeFileName.parse("part-3-245-120.jsonl")).isEmpty();
        assertThat(OffsetRangeFileName.parse("part-3-1-99999999999999999999.jsonl")).isEmpty();
        assertThatThrownBy(() -> new OffsetRangeFileName(0, 5, 4)).hasMessageContaining("5..4");
    }
}
