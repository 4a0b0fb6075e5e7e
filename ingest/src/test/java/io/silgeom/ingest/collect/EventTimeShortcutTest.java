package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shortcut for the common date forms ({@link EventTimeParser#commonForm}) answers only when the general parser
 * gives the same instant, and leaves every doubtful text (out-of-range fields, odd offsets, leap seconds) to it.
 */
class EventTimeShortcutTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2012-10-28T00:00:03Z", "1987-02-26T15:01:01", "2012-10-28 00:00:46",
            "2024-05-01T09:00:00+09:00", "2024-05-01T09:00:00-03:30", "2024-02-29T23:59:59.999999999Z",
            "0001-01-01T00:00:00Z", "2012-10-28T00:00:03.5+18:00", "1351382580", "1351382580000",
            "1351382580000123", "999999999999999999", "0", "2024-05-01 09:00:00.25-00:00"})
    void answersTheCommonFormsLikeTheGeneralParser(String text) {
        assertThat(EventTimeParser.commonForm(text)).isNotNull().isEqualTo(EventTimeParser.parseAnyForm(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
            "2024-00-10T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T23:60:00Z", "2024-06-30T23:59:60Z",
            "2024-05-01T09:00:00+18:01", "2024-05-01T09:00:00+09:60", "2024-05-01T09:00:00.Z",
            "2024-05-01T09:00:00.1234567890Z", "2024-05-01T09:00:00+0900", "2024-05-01T09:00Z",
            "2024-05-01t09:00:00z", "2024-05-01T09:00:00+09:00[Asia/Seoul]", "1351382580.25",
            "1234567890123456789", "2024-05-01", "٢٠٢٤-05-01T09:00:00Z", "+2024-05-01T09:00:00Z"})
    void leavesEveryOtherTextToTheGeneralParser(String text) {
        assertThat(EventTimeParser.commonForm(text)).isNull();
    }

    @Test
    void neverDisagreesWithTheGeneralParserOnMutatedTimes() {
        Random random = new Random(7);
        String alphabet = "0123456789-T :.Z+z";
        List<String> texts = new ArrayList<>();
        String[] seeds = {"2012-10-28T00:00:03Z", "2024-02-29 23:59:59.123+09:00", "1351382580000", "1900-02-28T12:00:00-05:30"};
        for (int i = 0; i < 20_000; i++) {
            char[] t = seeds[i % seeds.length].toCharArray();
            for (int k = random.nextInt(3); k >= 0; k--) {
                t[random.nextInt(t.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            texts.add(new String(t));
        }
        int answered = 0;
        for (String text : texts) {
            Instant fast = EventTimeParser.commonForm(text);
            if (fast != null) {
                answered++;
                assertThat(EventTimeParser.parseAnyForm(text)).as(text).isEqualTo(fast);
            }
        }
        assertThat(answered).as("the mutations keep many texts valid").isGreaterThan(2_000);
    }

    @Test
    void aTextTheShortcutDeclinesStillFailsWithTheGeneralMessage() {
        assertThatThrownBy(() -> EventTimeParser.parse("2024-05-01T24:00:00Z"))
                .isInstanceOf(DateTimeException.class).hasMessageStartingWith("cannot read '2024-05-01T24:00:00Z'");
    }
}
