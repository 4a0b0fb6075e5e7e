package io.silgeom.speed.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.SpeedViewSums;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.time.TimeBuckets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


/** apply.lua against a real redis-server: what one call writes, and what a replay or a duplicate does not. */
class ApplyScriptIT {
    private static final String TOPIC = "silgeom.articles";
    private static final SpeedRetention RETENTION = new SpeedRetention(Duration.ofDays(2), Duration.ofHours(6), Duration.ofDays(8));
    // Redis expires keys by its own clock, so the articles are recent: ten minutes before the test's "now".
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant T = NOW.minus(Duration.ofMinutes(10));
    private static final String HOUR = TimeBuckets.hourId(T);
    private static final String MINUTE = TimeBuckets.minuteId(T);
    // Tests that spread articles over seconds start here, so that none of them crosses into the next hour.
    private static final Instant EARLY_IN_HOUR = TimeBuckets.hourStart(T).plusSeconds(5);

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private SpeedViewWriter writer;

    @BeforeEach
    void emptyRedis() {
        writer = SpeedViewWriter.open(REDIS.client(), RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aBatchWritesExactlyItsCountsAndOffsetAndItsReplayIsSkipped() {
        // A Korean news article, an English social post in the same minute, and an invalid record after them.
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(10, article("a1", Source.NEWS), analysis("ko", "선거", "대통령"));
        batch.count(11, article("a2", Source.SOCIAL), analysis("en", "fed"));
        batch.pass(12);

        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 2, 0, 0));

        // Two leaf slices (ko:news, en:social) in the hour and the minute and the set that lists them, one docs
        // hash, the hour's site markers and voices, two seen markers and the offsets: nothing else (no keyword reached
        // the evidence threshold of 2; no roll-up slice is written; every display form is the canonical one).
        Set<String> expected = new TreeSet<>();
        for (String slice : Set.of("ko:news", "en:social")) {
            expected.add("sg:s:0:h:" + HOUR + ":" + slice);
            expected.add("sg:s:0:m:" + MINUTE + ":" + slice);
        }
        expected.addAll(Set.of("sg:s:0:docs:h:" + HOUR, "sg:s:0:au:h:" + HOUR, "sg:s:0:voices:h:" + HOUR, "sg:s:0:seen:a1", "sg:s:0:seen:a2", "sg:s:0:offsets", "sg:s:0:slices"));
        assertThat(new TreeSet<>(REDIS.client().keys("*"))).isEqualTo(expected);
        assertThat(REDIS.client().smembers("sg:s:0:slices")).containsExactlyInAnyOrder("ko:news", "en:social");
        assertThat(hourCounts(Slice.TOTAL)).isEqualTo(Map.of("선거", "1", "대통령", "1", "fed", "1"));
        assertThat(hourCounts(new Slice("ko", "news"))).isEqualTo(Map.of("선거", "1", "대통령", "1"));
        assertThat(minuteCounts(new Slice("all", "social"))).isEqualTo(Map.of("fed", "1"));
        assertThat(REDIS.client().hgetAll("sg:s:0:docs:h:" + HOUR)).isEqualTo(Map.of("ko:news", "1", "en:social", "1"));
        assertThat(SpeedViewSums.docs(REDIS.client(), "0", HOUR, Slice.TOTAL)).isEqualTo(2);
        // The offset is the batch's last record, the invalid one included.
        assertThat(REDIS.client().hgetAll("sg:s:0:offsets")).isEqualTo(Map.of("silgeom.articles:0", "12"));

        // The same batch again, as after a crash before the Kafka commit: skipped, nothing changes.
        assertThat(writer.apply(batch)).isEqualTo(ApplyResult.SKIPPED);
        assertThat(hourCounts(Slice.TOTAL)).isEqualTo(Map.of("선거", "1", "대통령", "1", "fed", "1"));
        assertThat(SpeedViewSums.docs(REDIS.client(), "0", HOUR, Slice.TOTAL)).isEqualTo(2);
    }

    @Test
    void anArticleIdCountedInAnEarlierBatchIsADuplicate() {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(10, article("a1", Source.NEWS), analysis("ko", "선거"));
        writer.apply(first);

        // The publisher retried a1; a3 is new.
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(20, article("a1", Source.NEWS), analysis("ko", "선거"));
        second.count(21, article("a3", Source.NEWS), analysis("ko", "선거"));

        assertThat(writer.apply(second)).isEqualTo(new ApplyResult(false, 1, 1, 0));
        assertThat(hourCount(Slice.TOTAL, "선거")).isEqualTo("2");
        assertThat(SpeedViewSums.docs(REDIS.client(), "0", HOUR, Slice.TOTAL)).isEqualTo(2);
        assertThat(REDIS.client().hget("sg:s:0:offsets", "silgeom.articles:0")).isEqualTo("21");
    }

    @Test
    void aDuplicateThatWasTheOnlyMentionInABucketLeavesNoZeroBehind() {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(10, article("a1", Source.NEWS), analysis("ko", "선거"));
        writer.apply(first);

        // a1 again, re-published with a time ten minutes later: a duplicate, whose minute no one else wrote.
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(11, ApplyCallTest.article("a1", Source.NEWS, T.plus(Duration.ofMinutes(10))), analysis("ko", "선거"));

        assertThat(writer.apply(second)).isEqualTo(new ApplyResult(false, 0, 1, 0));
        assertThat(REDIS.client().exists(RedisKeys.speedMinute("0", TimeBuckets.minuteId(T.plus(Duration.ofMinutes(10))),
                Slice.leaf("ko", "news")))).isFalse();
        assertThat(hourCount(Slice.TOTAL, "선거")).isEqualTo("1");
        assertThat(SpeedViewSums.docs(REDIS.client(), "0", HOUR, Slice.TOTAL)).isEqualTo(1);
    }

    @Test
    void aSocialAuthorCountsOncePerKeywordAndHourAcrossBatches() {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, ApplyCallTest.post("p1", "kim", EARLY_IN_HOUR), analysis("en", "fed"));
        writer.apply(first);
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(2, ApplyCallTest.post("p2", "kim", EARLY_IN_HOUR.plusSeconds(30)), analysis("en", "fed", "rates"));
        second.count(3, ApplyCallTest.post("p3", "lee", EARLY_IN_HOUR.plusSeconds(40)), analysis("en", "fed"));

        // p2 counts as an article, but kim's "fed" does not count twice: one author repeat.
        assertThat(writer.apply(second)).isEqualTo(new ApplyResult(false, 2, 0, 0, 1));
        assertThat(hourCounts(Slice.TOTAL)).isEqualTo(Map.of("fed", "2", "rates", "1"));
        assertThat(hourCounts(new Slice("en", "social"))).isEqualTo(Map.of("fed", "2", "rates", "1"));
        assertThat(REDIS.client().hgetAll("sg:s:0:voices:h:" + HOUR)).isEqualTo(Map.of("fed", "2", "rates", "1"));
        assertThat(REDIS.client().hget("sg:s:0:docs:h:" + HOUR, "en:social")).isEqualTo("3");
    }

    @Test
    void aCallBuiltOnWhatRedisNoLongerHoldsIsRefusedAndWritesNothingThenTheWriterReadsAgain() {
        // The call is built while Redis is empty; before it runs, another instance counts kim's "fed" this hour.
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, article("a1", Source.NEWS), analysis("en", "fed"));
        batch.count(2, ApplyCallTest.post("p1", "kim", T), analysis("en", "fed", "rates"));
        ApplyCall stale = ApplyCall.build(batch, "0", RETENTION, NOW);
        REDIS.client().hset("sg:s:0:au:h:" + HOUR, RedisKeys.authorField("kim", "en", "fed"), "1");

        assertThatThrownBy(() -> ApplyScript.load(REDIS.client()).run(stale)).isInstanceOf(ApplyScript.Refused.class)
                .hasMessageContaining("a\tkim\ten\tfed was set since it was read");
        // Its claims were undone: no seen marker, no site marker, no count, no offset.
        assertThat(new TreeSet<>(REDIS.client().keys("*"))).containsExactly("sg:s:0:au:h:" + HOUR);
        assertThat(REDIS.client().hgetAll("sg:s:0:au:h:" + HOUR)).containsOnlyKeys(RedisKeys.authorField("kim", "en", "fed"));

        // The writer reads what Redis holds now: kim counts for "rates" only.
        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 2, 0, 0, 1));
        assertThat(hourCounts(Slice.TOTAL)).isEqualTo(Map.of("fed", "1", "rates", "1"));
    }

    @Test
    void aCallIsRefusedWhenThePartitionMovedOnSinceItWasRead() {
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(5, article("a1", Source.NEWS), analysis("en", "fed"));
        batch.count(6, article("a2", Source.NEWS), analysis("en", "fed"));
        ApplyCall stale = ApplyCall.build(batch, "0", RETENTION, NOW);
        // Another consumer of partition 0 (a rebalance's old owner) applied up to offset 5 meanwhile.
        PartitionBatch other = new PartitionBatch(TOPIC, 0);
        other.count(5, article("a1", Source.NEWS), analysis("en", "fed"));
        writer.apply(other);

        assertThatThrownBy(() -> ApplyScript.load(REDIS.client()).run(stale)).isInstanceOf(ApplyScript.Refused.class)
                .hasMessageContaining("the stored offset is 5, read as ");
        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 1, 0, 1, 0));
        assertThat(hourCount(Slice.TOTAL, "fed")).isEqualTo("2");
        assertThat(REDIS.client().hget("sg:s:0:offsets", "silgeom.articles:0")).isEqualTo("6");
    }

    @Test
    void batchesSentTogetherCountOnEachOthersClaims() {
        // Two partitions, the same site mentioning "fed": one voice, two counts, though both calls were built
        // before either ran.
        PartitionBatch p0 = new PartitionBatch(TOPIC, 0);
        p0.count(1, article("a1", Source.NEWS), analysis("en", "fed"));
        PartitionBatch p1 = new PartitionBatch(TOPIC, 1);
        p1.count(1, article("a2", Source.NEWS), analysis("en", "fed"));

        List<SentApplies.Outcome> outcomes = writer.send(List.of(p0, p1)).settle();

        assertThat(outcomes).extracting(SentApplies.Outcome::result)
                .containsExactly(new ApplyResult(false, 1, 0, 0), new ApplyResult(false, 1, 0, 0));
        assertThat(hourCount(Slice.TOTAL, "fed")).isEqualTo("2");
        assertThat(REDIS.client().hgetAll("sg:s:0:voices:h:" + HOUR)).isEqualTo(Map.of("fed", "1"));
        assertThat(REDIS.client().hgetAll("sg:s:0:offsets")).isEqualTo(Map.of("silgeom.articles:0", "1", "silgeom.articles:1", "1"));
    }

    @Test
    void aSentApplyRefusedBecauseAnotherWriterCameInBetweenIsAppliedAgainWhenSettled() {
        PartitionBatch p0 = new PartitionBatch(TOPIC, 0);
        p0.count(1, ApplyCallTest.post("p1", "kim", T), analysis("en", "fed", "rates"));
        SentApplies sent = writer.send(List.of(p0));
        // Another instance counts kim's "fed" after the read, before the call reaches Redis (a small call stays in
        // the client's buffer until it is settled).
        REDIS.client().hset("sg:s:0:au:h:" + HOUR, RedisKeys.authorField("kim", "en", "fed"), "1");

        assertThat(sent.settle()).extracting(SentApplies.Outcome::result).containsExactly(new ApplyResult(false, 1, 0, 0, 1));
        assertThat(hourCounts(Slice.TOTAL)).isEqualTo(Map.of("rates", "1"));
    }

    @Test
    void aHashWithMoreFieldsThanOneChunkGetsEveryIncrement() {
        // 2,500 keywords in one minute: the script adds them to each bucket in chunks of 1,000 fields (HMGET + HSET).
        String[] many = new String[2500];
        for (int i = 0; i < many.length; i++) {
            many[i] = "k" + i;
        }
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, article("a1", Source.NEWS), analysis("en", many));
        first.count(2, article("a2", Source.SOCIAL), analysis("en", "k7"));
        writer.apply(first);
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(3, article("a3", Source.NEWS), analysis("en", many));
        second.count(4, article("a4", Source.NEWS), analysis("en", "k7", "k2499"));
        writer.apply(second);

        Map<String, String> hour = REDIS.client().hgetAll("sg:s:0:h:" + HOUR + ":en:news");
        Map<String, String> minute = REDIS.client().hgetAll("sg:s:0:m:" + MINUTE + ":en:news");
        assertThat(hour).hasSize(2500).isEqualTo(minute);
        assertThat(hour.get("k0")).isEqualTo("2");
        assertThat(hour.get("k1000")).isEqualTo("2");
        assertThat(hour.get("k7")).isEqualTo("3");
        assertThat(hour.get("k2499")).isEqualTo("3");
        assertThat(hour.values().stream().mapToLong(Long::parseLong).sum()).isEqualTo(2 * 2500 + 2);
        assertThat(REDIS.client().hgetAll("sg:s:0:h:" + HOUR + ":en:social")).isEqualTo(Map.of("k7", "1"));
    }

    @Test
    void aFlushBuiltWhileThePreviousOneIsInFlightCountsOnItAsApplied() {
        // Flush 1: a1 on partition 0 mentions "fed". Flush 2, built before flush 1 is sent: a copy of a1 (a
        // duplicate), a3 from the same site (no new voice) on partition 0, and a4 on partition 1.
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, article("a1", Source.NEWS), analysis("en", "fed"));
        PreparedApplies flush1 = writer.prepare(List.of(first), null);
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(2, article("a1", Source.NEWS), analysis("en", "fed"));
        second.count(3, article("a3", Source.NEWS), analysis("en", "fed", "rates"));
        PartitionBatch other = new PartitionBatch(TOPIC, 1);
        other.count(7, article("a4", Source.NEWS), analysis("en", "rates"));
        PreparedApplies flush2 = writer.prepare(List.of(second, other), flush1);

        assertThatThrownBy(flush2::send).isInstanceOf(IllegalStateException.class).hasMessageContaining("not settled");
        assertThat(flush1.send().settle()).extracting(SentApplies.Outcome::result)
                .containsExactly(new ApplyResult(false, 1, 0, 0));
        List<SentApplies.Outcome> outcomes = flush2.send().settle();

        assertThat(outcomes).extracting(SentApplies.Outcome::result)
                .containsExactly(new ApplyResult(false, 1, 1, 0), new ApplyResult(false, 1, 0, 0));
        assertThat(hourCounts(Slice.TOTAL)).isEqualTo(Map.of("fed", "2", "rates", "2"));
        assertThat(REDIS.client().hgetAll("sg:s:0:voices:h:" + HOUR)).isEqualTo(Map.of("fed", "1", "rates", "1"));
        assertThat(REDIS.client().hgetAll("sg:s:0:offsets"))
                .isEqualTo(Map.of("silgeom.articles:0", "3", "silgeom.articles:1", "7"));
    }

    @Test
    void aFlushBuiltOnOneThatFailedIsNotSent() {
        // A client of its own, named, so that its connections and no other can be killed.
        try (RedisClient own = RedisClient.builder().hostAndPort(REDIS.host(), REDIS.port())
                .clientConfig(DefaultJedisClientConfig.builder().clientName("chained-flush-test").build()).build()) {
            SpeedViewWriter w = SpeedViewWriter.open(own, RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
            PartitionBatch first = new PartitionBatch(TOPIC, 0);
            first.count(1, article("a1", Source.NEWS), analysis("en", "fed"));
            PreparedApplies flush1 = w.prepare(List.of(first), null);
            PartitionBatch second = new PartitionBatch(TOPIC, 0);
            second.count(2, article("a2", Source.NEWS), analysis("en", "rates"));
            PreparedApplies flush2 = w.prepare(List.of(second), flush1);
            SentApplies sent1 = flush1.send();   // a small call stays in the client's buffer until settled
            // Flush 1's connection breaks before its answer is read: flush 2 must not go out (applied again with a
            // fresh read after its refusal, it would have moved the offset past flush 1's records for good).
            Object list = REDIS.client().sendCommand(Protocol.Command.CLIENT, "LIST");
            for (String line : new String((byte[]) list, StandardCharsets.UTF_8).split("\n")) {
                if (line.contains("name=chained-flush-test")) {
                    String id = line.substring(3, line.indexOf(' '));
                    REDIS.client().sendCommand(Protocol.Command.CLIENT, "KILL", "ID", id);
                }
            }

            assertThat(sent1.settle()).allSatisfy(o -> assertThat(o.failure()).isNotNull());
            assertThatThrownBy(flush2::send).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("did not apply every batch");
            assertThat(REDIS.client().hgetAll("sg:s:0:offsets")).isEmpty();
        }
    }

    @Test
    void evidenceKeepsTheNewestHeadlinesOfAKeywordOnceItCounts() throws Exception {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        // "fed" from three sites, "rare" from one: the threshold (2) is on voices, distinct sites and authors.
        first.count(1, ApplyCallTest.article("a1", Source.NEWS, "s1", EARLY_IN_HOUR), analysis("en", "fed", "rare"));
        first.count(2, ApplyCallTest.article("a2", Source.NEWS, "s2", EARLY_IN_HOUR.plusSeconds(2)), analysis("en", "fed"));
        writer.apply(first);
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(3, ApplyCallTest.article("a3", Source.NEWS, "s3", EARLY_IN_HOUR.plusSeconds(3)), analysis("en", "fed"));
        second.count(4, ApplyCallTest.article("a4", Source.NEWS, "s1", EARLY_IN_HOUR.plusSeconds(1)),
                analysis("en", "fed", "rare"));
        writer.apply(second);

        JsonNode fed = new ObjectMapper().readTree(REDIS.client().hget("sg:s:0:ev:h:" + HOUR, "fed"));
        assertThat(fed.findValuesAsText("id")).containsExactly("a3", "a2", "a4");
        assertThat(fed.get(0).get("title").asText()).isEqualTo("title a3");
        assertThat(fed.get(0).get("site").asText()).isEqualTo("s3");
        // "rare" was mentioned twice but by one site: below the threshold, no headline kept for it.
        assertThat(REDIS.client().hexists("sg:s:0:ev:h:" + HOUR, "rare")).isFalse();
        assertThat(REDIS.client().pexpireTime("sg:s:0:ev:h:" + HOUR))
                .isEqualTo(TimeBuckets.hourStart(EARLY_IN_HOUR).plus(Duration.ofDays(8)).toEpochMilli());
    }

    @Test
    void twoCopiesInOneBatchCountOnce() {
        PartitionBatch batch = new PartitionBatch(TOPIC, 1);
        batch.count(5, article("a1", Source.NEWS), analysis("ko", "선거"));
        batch.count(6, article("a1", Source.NEWS), analysis("ko", "선거"));

        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 1, 1, 0));
        assertThat(hourCount(Slice.TOTAL, "선거")).isEqualTo("1");
        assertThat(minuteCount(Slice.TOTAL, "선거")).isEqualTo("1");
    }

    @Test
    void aBatchOverlappingWhatRedisHoldsCountsOnlyTheNewOffsets() {
        // Another consumer of partition 0 (before a rebalance) applied up to offset 11.
        PartitionBatch applied = new PartitionBatch(TOPIC, 0);
        applied.count(10, article("a1", Source.NEWS), analysis("ko", "선거"));
        applied.count(11, article("a2", Source.NEWS), analysis("ko", "선거"));
        writer.apply(applied);

        // A late flush of a batch reading 10..13: 10 and 11 are in Redis already, whatever their ids.
        PartitionBatch overlapping = new PartitionBatch(TOPIC, 0);
        overlapping.count(10, article("b1", Source.NEWS), analysis("ko", "선거"));
        overlapping.count(11, article("b2", Source.NEWS), analysis("ko", "선거"));
        overlapping.count(12, article("a3", Source.NEWS), analysis("ko", "선거"));
        overlapping.count(13, article("a4", Source.NEWS), analysis("ko", "선거"));

        assertThat(writer.apply(overlapping)).isEqualTo(new ApplyResult(false, 2, 0, 2));
        assertThat(hourCount(Slice.TOTAL, "선거")).isEqualTo("4");
        assertThat(REDIS.client().exists("sg:s:0:seen:b1")).isFalse();
        assertThat(REDIS.client().hget("sg:s:0:offsets", "silgeom.articles:0")).isEqualTo("13");
    }

    @Test
    void bucketsExpireAtTheEndOfTheirRetentionAndSeenMarkersAfterTheDedupeHorizon() {
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, article("a1", Source.NEWS), analysis("ko", "선거"));
        writer.apply(batch);

        Instant hourStart = TimeBuckets.hourStart(T);
        Instant minuteStart = TimeBuckets.minuteStart(T);
        assertThat(REDIS.client().pexpireTime(hour(Slice.leaf("ko", "news")))).isEqualTo(hourStart.plus(Duration.ofDays(8)).toEpochMilli());
        assertThat(REDIS.client().pexpireTime("sg:s:0:docs:h:" + HOUR)).isEqualTo(hourStart.plus(Duration.ofDays(8)).toEpochMilli());
        assertThat(REDIS.client().pexpireTime(minute(Slice.leaf("ko", "news")))).isEqualTo(minuteStart.plus(Duration.ofHours(6)).toEpochMilli());
        assertThat(REDIS.client().pttl("sg:s:0:seen:a1")).isCloseTo(Duration.ofDays(2).toMillis(), within(60_000L));
        // The offsets are the truth of where each partition stands: they never expire.
        assertThat(REDIS.client().pttl("sg:s:0:offsets")).isEqualTo(-1L);
    }

    @Test
    void aLoneFieldAddedMoreThanOnceGetsItsCount() {
        // Two news articles of one minute whose only keyword is "fed": each bucket's group has the one field, sent
        // with its count 2 (a single HINCRBY), on top of what an earlier batch wrote.
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, article("a1", Source.NEWS), analysis("en", "fed"));
        writer.apply(first);
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(2, article("a2", Source.NEWS), analysis("en", "fed"));
        second.count(3, article("a3", Source.NEWS), analysis("en", "fed"));
        writer.apply(second);

        assertThat(REDIS.client().hgetAll("sg:s:0:h:" + HOUR + ":en:news")).isEqualTo(Map.of("fed", "3"));
        assertThat(REDIS.client().hgetAll("sg:s:0:m:" + MINUTE + ":en:news")).isEqualTo(Map.of("fed", "3"));
        assertThat(REDIS.client().hget("sg:s:0:docs:h:" + HOUR, "en:news")).isEqualTo("3");
    }

    @Test
    void theFirstDisplayFormOfAKeywordStays() {
        PartitionBatch first = new PartitionBatch(TOPIC, 0);
        first.count(1, article("a1", Source.NEWS), new Analysis("en", Set.of(new Keyword("samsung", "Samsung"))));
        writer.apply(first);
        PartitionBatch second = new PartitionBatch(TOPIC, 0);
        second.count(2, article("a2", Source.NEWS), new Analysis("en", Set.of(new Keyword("samsung", "SAMSUNG"))));
        writer.apply(second);

        assertThat(REDIS.client().hgetAll(RedisKeys.DISPLAY)).isEqualTo(Map.of("samsung", "Samsung"));
        assertThat(hourCount(Slice.TOTAL, "samsung")).isEqualTo("2");
    }

    @Test
    void aBatchOfOnlyUncountedRecordsStillMovesTheOffset() {
        PartitionBatch batch = new PartitionBatch(TOPIC, 3);
        batch.pass(40);
        batch.pass(41);

        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 0, 0, 0));
        assertThat(writer.storedOffset(TOPIC, 3)).hasValue(41);
        assertThat(writer.storedOffset(TOPIC, 2)).isEmpty();
    }

    @Test
    void theScriptIsLoadedAgainWhenRedisForgotIt() {
        REDIS.client().scriptFlush();
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, article("a1", Source.NEWS), analysis("ko", "선거"));

        assertThat(writer.apply(batch)).isEqualTo(new ApplyResult(false, 1, 0, 0));
        assertThat(hourCount(Slice.TOTAL, "선거")).isEqualTo("1");
    }

    @Test
    void theWriterWritesTheGenerationPublishedWhenItOpened() {
        REDIS.client().set(RedisKeys.SPEED_CURRENT, "7");
        SpeedViewWriter seventh = SpeedViewWriter.open(REDIS.client(), RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
        PartitionBatch batch = new PartitionBatch(TOPIC, 0);
        batch.count(1, article("a1", Source.NEWS), analysis("ko", "선거"));

        seventh.apply(batch);

        assertThat(seventh.generation()).isEqualTo("7");
        assertThat(REDIS.client().hget("sg:s:7:h:" + HOUR + ":ko:news", "선거")).isEqualTo("1");
        assertThat(REDIS.client().exists(hour(Slice.leaf("ko", "news")))).isFalse();
    }

    private static Map<String, String> hourCounts(Slice slice) {
        return SpeedViewSums.hour(REDIS.client(), "0", HOUR, slice);
    }

    private static String hourCount(Slice slice, String keyword) {
        return hourCounts(slice).get(keyword);
    }

    private static Map<String, String> minuteCounts(Slice slice) {
        return SpeedViewSums.minute(REDIS.client(), "0", MINUTE, slice);
    }

    private static String minuteCount(Slice slice, String keyword) {
        return minuteCounts(slice).get(keyword);
    }

    private static String hour(Slice slice) {
        return RedisKeys.speedHour("0", HOUR, slice);
    }

    private static String minute(Slice slice) {
        return RedisKeys.speedMinute("0", MINUTE, slice);
    }

    private static Article article(String id, Source source) {
        return ApplyCallTest.article(id, source, T);
    }

    private static Analysis analysis(String lang, String... canonical) {
        return ApplyCallTest.analysis(lang, canonical);
    }
}
