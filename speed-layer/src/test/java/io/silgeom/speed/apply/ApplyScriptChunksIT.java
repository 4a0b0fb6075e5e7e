package io.silgeom.speed.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Source;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.testing.SpeedViewSums;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.time.TimeBuckets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * apply.lua reads and writes the fields of one hash a chunk of 1,000 at a time (HMGET/HSET): these calls carry 2,500
 * fields per hash, so that every chunked loop of the script runs past its first chunk, for the author markers it
 * claims, the markers it requires, and the display forms, and a refusal found in the second chunk still writes
 * nothing. ({@link ApplyScriptIT#aHashWithMoreFieldsThanOneChunkGetsEveryIncrement} does the same for the counts.)
 */
class ApplyScriptChunksIT {
    private static final String TOPIC = "silgeom.articles";
    private static final SpeedRetention RETENTION = new SpeedRetention(Duration.ofDays(2), Duration.ofHours(6), Duration.ofDays(8));
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant T = NOW.minus(Duration.ofMinutes(10));
    private static final String HOUR = TimeBuckets.hourId(T);
    private static final String AUTHORS = "sg:s:0:au:h:" + HOUR;
    private static final int MANY = 2500;
    /** In the script's second chunk of fields. */
    private static final int LATE = 1700;

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private SpeedViewWriter writer;

    @BeforeEach
    void openWriter() {
        writer = SpeedViewWriter.open(REDIS.client(), RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void anAuthorClaimsMoreKeywordsThanOneChunkAndCountsForEachOnce() {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, ApplyCallTest.post("p1", "kim", T), keywords(i -> new Keyword(k(i), k(i))));
        assertThat(writer.apply(first)).isEqualTo(new ApplyResult(false, 1, 0, 0, 0));

        assertThat(REDIS.client().hgetAll(AUTHORS)).hasSize(MANY)
                .containsEntry(RedisKeys.authorField("kim", "en", k(0)), "1")
                .containsEntry(RedisKeys.authorField("kim", "en", k(LATE)), "1")
                .containsEntry(RedisKeys.authorField("kim", "en", k(MANY - 1)), "1");

        // Kim's second post this hour: every keyword is a repeat (all 2,500 markers are required present), plus one
        // new keyword that counts.
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(2, ApplyCallTest.post("p2", "kim", T),
                keywords(i -> new Keyword(i == MANY ? "new" : k(i), i == MANY ? "new" : k(i)), MANY + 1));
        assertThat(writer.apply(second)).isEqualTo(new ApplyResult(false, 1, 0, 0, MANY));

        Map<String, String> counts = hourCounts();
        assertThat(counts).hasSize(MANY + 1).containsEntry(k(0), "1").containsEntry(k(LATE), "1").containsEntry("new", "1");
    }

    @Test
    void aClaimTakenByAnotherWriterInTheSecondChunkRefusesTheWholeCall() {
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, ApplyCallTest.post("p1", "lee", T), keywords(i -> new Keyword(k(i), k(i))));
        ApplyCall stale = ApplyCall.build(batch, "0", RETENTION, NOW);
        // Another instance counts lee's k1700 (the 1,701st field) between the read and the apply.
        String taken = RedisKeys.authorField("lee", "en", k(LATE));
        REDIS.client().hset(AUTHORS, taken, "1");

        assertThatThrownBy(() -> ApplyScript.load(REDIS.client()).run(stale)).isInstanceOf(ApplyScript.Refused.class)
                .hasMessageContaining(taken + " was set since it was read");
        assertThat(REDIS.client().keys("*")).containsExactly(AUTHORS);
        assertThat(REDIS.client().hgetAll(AUTHORS)).containsOnlyKeys(taken);

        // Read again, the writer counts lee for every keyword but the one already counted.
        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 1, 0, 0, 1));
        assertThat(hourCounts()).hasSize(MANY - 1).doesNotContainKey(k(LATE)).containsEntry(k(MANY - 1), "1");
    }

    @Test
    void aRequiredMarkerGoneInTheSecondChunkRefusesTheCallAndTheWriterCountsOnAFreshRead() {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, ApplyCallTest.post("p1", "kim", T), keywords(i -> new Keyword(k(i), k(i))));
        writer.apply(first);
        // Kim again: the prepared call relies on all 2,500 of kim's markers being there (every keyword a repeat).
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(2, ApplyCallTest.post("p2", "kim", T), keywords(i -> new Keyword(k(i), k(i))));
        PreparedApplies prepared = writer.prepare(List.of(second), null);
        // One of them, in the script's second chunk, is gone before the call runs (the marker hash was rewritten).
        String gone = RedisKeys.authorField("kim", "en", k(LATE));
        REDIS.client().hdel(AUTHORS, gone);

        // Refused as a whole, then applied on what Redis holds now: k1700 counts for kim again, the rest are repeats.
        // Had the script missed the gap, k1700 would have stayed at 1 and its marker absent.
        assertThat(prepared.send().settle()).extracting(SentApplies.Outcome::result)
                .containsExactly(new ApplyResult(false, 1, 0, 0, MANY - 1));
        assertThat(hourCounts()).hasSize(MANY).containsEntry(k(LATE), "2").containsEntry(k(0), "1")
                .containsEntry(k(MANY - 1), "1");
        assertThat(REDIS.client().hget(AUTHORS, gone)).isEqualTo("1");
        assertThat(REDIS.client().hget("sg:s:0:offsets", "silgeom.articles:0")).isEqualTo("2");
    }

    @Test
    void countedFieldsRunningAcrossTheChunkBoundaryAfterTheOnesAddUpExactly() {
        // A group sends its fields that add 1 first (without their count), then (field, n) pairs: here 500 ones,
        // then 1,200 pairs from position 501 on, so the pairs cross the script's chunk of 1,000 fields, twice over.
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, ApplyCallTest.article("a1", Source.NEWS, T), keywords(i -> new Keyword(k(i), k(i)), 1700));
        batch.count(2, ApplyCallTest.article("a2", Source.NEWS, T), keywords(i -> new Keyword(k(i), k(i)), 1200));
        writer.apply(batch);
        PartitionBatch again = new PartitionBatch(TOPIC, 0);
        again.count(3, ApplyCallTest.article("a3", Source.NEWS, T), keywords(i -> new Keyword(k(i), k(i)), 1700));
        again.count(4, ApplyCallTest.article("a4", Source.NEWS, T), keywords(i -> new Keyword(k(i), k(i)), 1200));
        writer.apply(again);

        Map<String, String> counts = hourCounts();
        assertThat(counts).hasSize(1700);
        for (int i = 0; i < 1700; i++) {
            assertThat(counts.get(k(i))).as(k(i)).isEqualTo(i < 1200 ? "4" : "2");
        }
    }

    @Test
    void displayFormsPastTheFirstChunkAreSetOnlyWhereNoneIsShownYet() {
        REDIS.client().hset(RedisKeys.DISPLAY, k(LATE), "Shown Earlier");
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, ApplyCallTest.article("a1", Source.NEWS, T), keywords(i -> new Keyword(k(i), "K" + k(i))));

        writer.apply(batch);

        Map<String, String> display = REDIS.client().hgetAll(RedisKeys.DISPLAY);
        assertThat(display).hasSize(MANY).containsEntry(k(0), "K" + k(0)).containsEntry(k(MANY - 1), "K" + k(MANY - 1))
                .containsEntry(k(LATE), "Shown Earlier");
    }

    /** Zero-padded, so that the order calls are built in (sorted by keyword) is the order of {@code i}. */
    private static String k(int i) {
        return String.format("k%04d", i);
    }

    private static Analysis keywords(IntFunction<Keyword> keyword) {
        return keywords(keyword, MANY);
    }

    private static Analysis keywords(IntFunction<Keyword> keyword, int n) {
        Set<Keyword> set = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            set.add(keyword.apply(i));
        }
        return new Analysis("en", set);
    }

    private static Map<String, String> hourCounts() {
        return SpeedViewSums.hour(REDIS.client(), "0", HOUR, Slice.TOTAL);
    }
}
