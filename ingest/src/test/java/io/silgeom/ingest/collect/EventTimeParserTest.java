package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The date forms real files use; a form without a zone is UTC. */
class EventTimeParserTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2012-10-28T00:00:03Z            | 2012-10-28T00:00:03Z",
            "2024-05-01T09:00:00+09:00       | 2024-05-01T00:00:00Z",
            "2024-05-01T09:00:00.250+0900    | 2024-05-01T00:00:00.250Z",
            "2024-05-01T09:00:00+09:00[Asia/Seoul] | 2024-05-01T00:00:00Z",
            "1987-02-26T15:01:01             | 1987-02-26T15:01:01Z",
            "2012-10-28 00:00:46             | 2012-10-28T00:00:46Z",
            "2012-10-28 09:00:46.5 +09:00    | 2012-10-28T00:00:46.5Z",
            "2012-10-28                      | 2012-10-28T00:00:00Z",
            "1351382580                      | 2012-10-28T00:03:00Z",
            "1351382580.25                   | 2012-10-28T00:03:00.25Z",
            "1351382580000                   | 2012-10-28T00:03:00Z",
            "1351382580000123                | 2012-10-28T00:03:00.000123Z",
            "'Tue, 3 Jun 2008 11:05:30 GMT'  | 2008-06-03T11:05:30Z",
            "Wed Oct 10 20:19:24 +0000 2018  | 2018-10-10T20:19:24Z",
    })
    void readsTheFormsFoundInRealFiles(String text, String expected) {
        assertThat(EventTimeParser.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"31-MAR-1987 605:12:19.12", "yesterday", "2024-13-01T00:00:00Z", "", "12:00"})
    void rejectsAnythingElseQuotingTheText(String text) {
        assertThatThrownBy(() -> EventTimeParser.parse(text))
                .isInstanceOf(DateTimeException.class)
                .hasMessageContaining("'" + text + "'");
    }
}
