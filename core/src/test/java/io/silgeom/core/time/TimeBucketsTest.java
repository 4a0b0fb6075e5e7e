package io.silgeom.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** Buckets are UTC by event time, whatever offset the article was written with. */
class TimeBucketsTest {
    private static final Instant SEOUL_MORNING = OffsetDateTime.parse("2024-05-01T10:30:15+09:00").toInstant();

    @Test
    void aSeoulTimeFallsInItsUtcHourAndMinute() {
        assertThat(TimeBuckets.hourId(SEOUL_MORNING)).isEqualTo("2024050101");
        assertThat(TimeBuckets.minuteId(SEOUL_MORNING)).isEqualTo("202405010130");
        assertThat(TimeBuckets.hourStart(SEOUL_MORNING)).isEqualTo(Instant.parse("2024-05-01T01:00:00Z"));
        assertThat(TimeBuckets.minuteStart(SEOUL_MORNING)).isEqualTo(Instant.parse("2024-05-01T01:30:00Z"));
    }

    @Test
    void earlyMorningInSeoulIsTheDayBeforeInUtcPartitions() {
        Instant t = OffsetDateTime.parse("2024-05-01T08:59:59+09:00").toInstant();

        assertThat(TimeBuckets.datePartition(t)).isEqualTo("2024-04-30");
        assertThat(TimeBuckets.hourPartition(t)).isEqualTo("23");
        assertThat(TimeBuckets.hourId(t)).isEqualTo("2024043023");
    }

    @Test
    void anHourIdReadsBackAsTheStartOfItsHour() {
        assertThat(TimeBuckets.parseHourId("2024050101")).isEqualTo(Instant.parse("2024-05-01T01:00:00Z"));
        assertThat(TimeBuckets.parseHourId(TimeBuckets.hourId(SEOUL_MORNING))).isEqualTo(TimeBuckets.hourStart(SEOUL_MORNING));
    }

    @Test
    void aMalformedHourIdIsRejected() {
        assertThatThrownBy(() -> TimeBuckets.parseHourId("20240501")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hour id must be yyyyMMddHH, got: 20240501");
        assertThatThrownBy(() -> TimeBuckets.parseHourId("2024050125")).isInstanceOf(RuntimeException.class);
    }
}
