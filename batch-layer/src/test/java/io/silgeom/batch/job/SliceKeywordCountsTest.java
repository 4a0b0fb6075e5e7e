package io.silgeom.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

class SliceKeywordCountsTest {
    private final SliceKeywordCounts counts = new SliceKeywordCounts();

    @Test
    void anAuthorCountsOncePerKeywordAndAuthorlessArticlesCountEach() throws Exception {
        counts.add("seoul", "Seoul", "kim");
        counts.add("seoul", "seoul", "kim");
        counts.add("seoul", "Seoul", "lee");
        counts.add("seoul", "Seoul", "");
        counts.add("seoul", "Seoul", "");
        counts.add("flood", "flood", "kim");

        assertThat(rows("2024050109\ten\tsocial\t")).containsExactly(
                "2024050109\ten\tsocial\tflood\tflood\t1",
                "2024050109\ten\tsocial\tseoul\tSeoul\t4");
        // Written rows are forgotten: the next slice starts empty.
        assertThat(rows("2024050110\ten\tsocial\t")).isEmpty();
    }

    @Test
    void theSmallestDisplayFormAndTheKeywordOrderAreThoseOfUtf8Bytes() throws Exception {
        // U+FF21 (fullwidth A) sorts before U+1F600 in UTF-8 and code points, after it in UTF-16 (String.compareTo).
        String fullwidth = "\uFF21";
        String emoji = new String(Character.toChars(0x1F600));
        counts.add(emoji, emoji, "");
        counts.add(fullwidth, fullwidth, "");
        counts.add("b", "b", "");
        counts.add("b", "B", "");
        counts.add("b", emoji, "");
        counts.add("b", fullwidth, "");

        assertThat(rows("h\tl\ts\t")).containsExactly(
                "h\tl\ts\tb\tB\t4",
                "h\tl\ts\t" + fullwidth + "\t" + fullwidth + "\t1",
                "h\tl\ts\t" + emoji + "\t" + emoji + "\t1");
        assertThat(SliceKeywordCounts.codePointOrder(fullwidth, emoji)).isNegative();
        assertThat(new Text(fullwidth).compareTo(new Text(emoji))).isNegative();
        assertThat(SliceKeywordCounts.codePointOrder("ab", "a")).isPositive();
        assertThat(SliceKeywordCounts.codePointOrder("a", "a")).isZero();
    }

    private List<String> rows(String slicePrefix) throws Exception {
        List<String> out = new ArrayList<>();
        counts.writeTo(slicePrefix, (key, value) -> out.add(key + "\t" + value));
        return out;
    }
}
