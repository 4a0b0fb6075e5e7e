package io.silgeom.core.text.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The held-out part is decided by the text, the same every run. */
class HoldoutSplitTest {
    @Test
    void holdsOutAboutTheAskedShareDeterministically() {
        HoldoutSplit split = new HoldoutSplit(0.2, 1);
        long held = IntStream.range(0, 10_000).filter(i -> split.heldOut("text number " + i)).count();
        assertThat(held).isBetween(1_800L, 2_200L);
        assertThat(split.heldOut("same text")).isEqualTo(new HoldoutSplit(0.2, 1).heldOut("  same text "));
    }

    @Test
    void anotherSeedGivesAnotherSplitAndZeroHoldsOutNothing() {
        long differ = IntStream.range(0, 1_000)
                .filter(i -> new HoldoutSplit(0.5, 1).heldOut("t" + i) != new HoldoutSplit(0.5, 2).heldOut("t" + i))
                .count();
        assertThat(differ).isGreaterThan(300);
        assertThat(IntStream.range(0, 1_000).anyMatch(i -> new HoldoutSplit(0, 1).heldOut("t" + i))).isFalse();
        assertThatThrownBy(() -> new HoldoutSplit(1.0, 1)).hasMessageContaining("[0, 1)");
    }
}
