package io.silgeom.batch.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.batch.archive.HdfsLayout;
import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.view.BatchCutoff;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real redis-server: what it loads, when it publishes, what it deletes. */
class BatchViewPublisherIT {
    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2024-05-01T10:07:00Z");
    private static final Map<String, Long> OFFSETS = Map.of("silgeom.articles:0", 10L, "silgeom.articles:1", 5L);
    private static final List<String> VIEW = List.of(
            "2024050108\ten\tnews\tflood\tflood\t1",
            "2024050109\ten\tnews\tflood\tFlood\t2",
            "2024050109\ten\tnews\tseoul\tSeoul\t2",
            "2024050109\ten\tsocial\tflood\tfloods\t1",
            "2024050109\ten\tsocial\t#rescue\t#Rescue\t1",
            "2024050109\tko\tnews\t서울\t서울\t1");

    /** Keys of one version of VIEW: 12 hour hashes and the hours set. */
    private static final int VIEW_KEYS = 8 + 4 + 1;

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    @TempDir
    Path tmp;
    private FileSystem fs;
    private BatchViewPublisher publisher;

    @BeforeEach
    void setUp() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        // A chunk of 4 commands: the view needs several pipelines, so chunking is exercised.
        publisher = new BatchViewPublisher(REDIS.client(), fs, 4, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void loadsEveryLineUnderItsFourRollUpsAndPublishesTheCutoffLast() throws Exception {
        org.apache.hadoop.fs.Path view = view("v1", VIEW);

        List<String> commands;
        try (RedisCommandLog log = new RedisCommandLog(REDIS.host(), REDIS.port())) {
            publisher.publish(view, "v1", T, OFFSETS);
            REDIS.client().echo("end-of-publish");
            commands = log.until("end-of-publish");
        }

        // Each line counts in its own slice and the three roll-ups.
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour("v1", "2024050109", new Slice("en", "news"))))
                .isEqualTo(Map.of("flood", "2", "seoul", "2"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour("v1", "2024050109", new Slice("en", "all"))))
                .isEqualTo(Map.of("flood", "3", "seoul", "2", "#rescue", "1"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour("v1", "2024050109", new Slice("all", "news"))))
                .isEqualTo(Map.of("flood", "2", "seoul", "2", "서울", "1"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour("v1", "2024050109", Slice.TOTAL)))
                .isEqualTo(Map.of("flood", "3", "seoul", "2", "#rescue", "1", "서울", "1"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour("v1", "2024050108", Slice.TOTAL))).isEqualTo(Map.of("flood", "1"));
        // Hour 09: en:news, en:social, en:all, ko:news, ko:all, all:news, all:social, all:all; hour 08: 4.
        assertThat(REDIS.client().keys("sg:b:v1:h:*")).hasSize(8 + 4);
        assertThat(REDIS.client().smembers(RedisKeys.batchHours("v1"))).isEqualTo(Set.of("2024050108", "2024050109"));
        // The smallest display form of a keyword wins ("Flood" before "flood" and "floods").
        assertThat(REDIS.client().hgetAll(RedisKeys.DISPLAY)).isEqualTo(Map.of("flood", "Flood", "seoul", "Seoul", "#rescue", "#Rescue", "서울", "서울"));
        assertThat(BatchCutoffJson.decode(REDIS.client().get(RedisKeys.BATCH_CURRENT))).isEqualTo(new BatchCutoff("v1", T, NOW, OFFSETS));

        // Version and cutoff went out in ONE write, after every write of the view.
        List<String> sets = commands.stream().filter(c -> c.contains("\"" + RedisKeys.BATCH_CURRENT + "\"")
                && c.contains("\"SET\"")).toList();
        assertThat(sets).hasSize(1);
        int publishedAt = commands.indexOf(sets.get(0));
        int lastLoad = IntStream.range(0, commands.size())
                .filter(i -> commands.get(i).matches(".*\"(HINCRBY|HSETNX|SADD)\".*")).max().orElseThrow();
        assertThat(lastLoad).isLessThan(publishedAt);
    }

    @Test
    void keepsTheCurrentAndThePreviousVersionAndDeletesOlderOnes() throws Exception {
        publisher.publish(view("v1", VIEW), "v1", T, OFFSETS);
        publisher.publish(view("v2", VIEW), "v2", T, OFFSETS);
        // v2 is current, v1 the previous one: a query that read the cutoff just before may still be reading v1.
        assertThat(REDIS.client().exists(RedisKeys.batchHours("v1"))).isTrue();

        BatchViewPublisher.Published v3 = publisher.publish(view("v3", VIEW), "v3", T.plusSeconds(3600), OFFSETS);

        assertThat(v3.previousVersion()).hasValue("v2");
        assertThat(v3.previous().map(BatchCutoff::cutoff)).hasValue(T);
        assertThat(v3.deletedVersions()).containsExactly("v1");
        assertThat(REDIS.client().keys("sg:b:v1:*")).isEmpty();
        assertThat(REDIS.client().keys("sg:b:v2:*")).hasSize(VIEW_KEYS);
        assertThat(REDIS.client().keys("sg:b:v3:*")).hasSize(VIEW_KEYS);
        assertThat(BatchCutoffJson.decode(REDIS.client().get(RedisKeys.BATCH_CURRENT)).version()).isEqualTo("v3");
    }

    @Test
    void aFailedLoadNeverTouchesTheCurrentVersion() throws Exception {
        publisher.publish(view("v1", VIEW), "v1", T, OFFSETS);
        String current = REDIS.client().get(RedisKeys.BATCH_CURRENT);

        // A view with a broken line fails before anything is written.
        org.apache.hadoop.fs.Path broken = view("v2", List.of(VIEW.get(0), "2024050109\ten\tnews\tflood\tFlood\tmany"));
        assertThatThrownBy(() -> publisher.publish(broken, "v2", T.plusSeconds(3600), OFFSETS))
                .isInstanceOf(IOException.class).hasMessageContaining("line 2");
        // A view without _SUCCESS is a job that did not finish.
        org.apache.hadoop.fs.Path unfinished = view("v3", VIEW);
        fs.delete(new org.apache.hadoop.fs.Path(unfinished, "_SUCCESS"), false);
        assertThatThrownBy(() -> publisher.publish(unfinished, "v3", T.plusSeconds(3600), OFFSETS))
                .isInstanceOf(IOException.class).hasMessageContaining("_SUCCESS");
        // Redis refusing a write half-way (here: the display hash is not a hash) fails the load too, and the
        // partial keys of the failed version are removed.
        REDIS.client().set("sg:display", "not a hash");
        assertThatThrownBy(() -> publisher.publish(view("v4", VIEW), "v4", T.plusSeconds(3600), OFFSETS))
                .isInstanceOf(IOException.class).hasMessageContaining("WRONGTYPE");

        assertThat(REDIS.client().get(RedisKeys.BATCH_CURRENT)).isEqualTo(current);
        assertThat(REDIS.client().keys("sg:b:v2:*")).isEmpty();
        assertThat(REDIS.client().keys("sg:b:v4:*")).isEmpty();
        assertThat(REDIS.client().keys("sg:b:v1:*")).hasSize(VIEW_KEYS);
    }

    @Test
    void theCurrentVersionCannotBeLoadedAgain() throws Exception {
        publisher.publish(view("v1", VIEW), "v1", T, OFFSETS);

        assertThatThrownBy(() -> publisher.publish(view("v1b", VIEW), "v1", T, OFFSETS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already published");
        assertThat(REDIS.client().hgetAll(RedisKeys.batchHour("v1", "2024050109", Slice.TOTAL)).get("flood")).isEqualTo("3");
    }

    @Test
    void baselinesAndTheirMetaAreLoadedWithTheViewBeforeTheSwitch() throws Exception {
        Path dir = tmp.resolve("views/baselines/v=v1");
        Files.createDirectories(dir);
        Files.write(dir.resolve("part-r-00000"), List.of("flood\ten\tnews\t9\t4\t28", "flood\tall\tall\t9\t5.5\t28",
                "flood\tall\tall\t10\t0\t28"), StandardCharsets.UTF_8);
        Files.createFile(dir.resolve("_SUCCESS"));
        BaselineSummary summary = new BaselineSummary(28, Optional.of(LocalDate.parse("2024-04-03")),
                Optional.of(LocalDate.parse("2024-04-30")), 2, 0, 3);

        List<String> commands;
        try (RedisCommandLog log = new RedisCommandLog(REDIS.host(), REDIS.port())) {
            publisher.publish(view("v1", VIEW), new BatchViewPublisher.Baselines(new org.apache.hadoop.fs.Path(dir.toUri()), summary),
                    "v1", T, OFFSETS);
            REDIS.client().echo("end-of-publish");
            commands = log.until("end-of-publish");
        }

        assertThat(REDIS.client().hgetAll(RedisKeys.batchBaseline("v1", 9, new Slice("en", "news")))).isEqualTo(Map.of("flood", "4"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchBaseline("v1", 9, Slice.TOTAL))).isEqualTo(Map.of("flood", "5.5"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchBaseline("v1", 10, Slice.TOTAL))).isEqualTo(Map.of("flood", "0"));
        assertThat(REDIS.client().hgetAll(RedisKeys.batchBaselineMeta("v1")))
                .isEqualTo(Map.of("days", "28", "from", "2024-04-03", "to", "2024-04-30"));
        int switchAt = IntStream.range(0, commands.size()).filter(i -> commands.get(i).contains("\"" + RedisKeys.BATCH_CURRENT + "\"")
                        && commands.get(i).contains("\"SET\"")).findFirst().orElseThrow();
        int lastBaseline = IntStream.range(0, commands.size()).filter(i -> commands.get(i).contains(":base:")).max().orElseThrow();
        assertThat(lastBaseline).isLessThan(switchAt);
    }

    @Test
    void anOlderVersionOutlivesItsReplacementByTheGracePeriodInRedisAndOnHdfs() throws Exception {
        MutableClock clock = new MutableClock(NOW);
        BatchViewPublisher retiring = new BatchViewPublisher(REDIS.client(), fs, 4, clock)
                .withRetention(HdfsLayout.of(tmp.toUri().toString()), 2, Duration.ofMinutes(10));
        retiring.publish(view("v1", VIEW), "v1", T, OFFSETS);
        clock.now = NOW.plus(Duration.ofMinutes(1));
        retiring.publish(view("v2", VIEW), "v2", T, OFFSETS);
        clock.now = NOW.plus(Duration.ofMinutes(2));

        // v1 was replaced 1 minute ago: a reader may still hold it although it is neither current nor previous.
        assertThat(retiring.publish(view("v3", VIEW), "v3", T, OFFSETS).deletedVersions()).isEmpty();
        assertThat(REDIS.client().keys("sg:b:v1:*")).hasSize(VIEW_KEYS);

        // 10.5 minutes after v2 replaced it, v1 goes; v2, replaced 9.5 minutes ago, stays.
        clock.now = NOW.plus(Duration.ofSeconds(11 * 60 + 30));
        BatchViewPublisher.Published v4 = retiring.publish(view("v4", VIEW), "v4", T, OFFSETS);

        assertThat(v4.deletedVersions()).containsExactly("v1");
        assertThat(REDIS.client().keys("sg:b:v1:*")).isEmpty();
        assertThat(REDIS.client().keys("sg:b:v2:*")).hasSize(VIEW_KEYS);
        assertThat(tmp.resolve("views/keyword_hourly/v=v1")).doesNotExist();
        assertThat(tmp.resolve("views/keyword_hourly/v=v2/" + BatchViewPublisher.PUBLISHED_MARKER)).exists();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private org.apache.hadoop.fs.Path view(String name, List<String> lines) throws IOException {
        Path dir = tmp.resolve("views/keyword_hourly/v=" + name);
        Files.createDirectories(dir);
        Files.write(dir.resolve("part-r-00000"), lines, StandardCharsets.UTF_8);
        Files.createFile(dir.resolve("_SUCCESS"));
        return new org.apache.hadoop.fs.Path(dir.toUri());
    }
}
