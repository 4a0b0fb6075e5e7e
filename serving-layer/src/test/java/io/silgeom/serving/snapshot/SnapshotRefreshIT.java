package io.silgeom.serving.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.json.BatchCutoffJson;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.view.BatchCutoff;
import io.silgeom.serving.merge.PublishedViews;
import io.silgeom.serving.trend.ScoredKeyword;
import io.silgeom.serving.trend.TrendResult;
import io.silgeom.serving.trend.TrendWindow;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * The refresher following the views in a real redis-server: a new offset in the speed view's offsets hash (what
 * the speed layer's Lua apply writes with the counts), a new speed generation, a new batch view each bring a
 * refresh within about the minimum gap, while quiet views bring none before the interval.
 */
class SnapshotRefreshIT {
    private static final String TOPIC = "silgeom.articles";

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    @Test
    void theProgressChangesExactlyWhenAViewMoves() {
        RedisViewProgress progress = new RedisViewProgress(REDIS.client());
        Object empty = progress.read();
        assertThat(empty).isNotNull().isEqualTo(progress.read());

        // The speed layer applies a batch of partition 0: its offset moves.
        REDIS.client().hset(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 0), "41");
        Object applied = progress.read();
        assertThat(applied).isNotEqualTo(empty).isEqualTo(progress.read());
        REDIS.client().hset(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 0), "42");
        Object appliedAgain = progress.read();
        assertThat(appliedAgain).isNotEqualTo(applied);

        // A write elsewhere in the speed view (a count, a status) is not progress: the offsets are written last.
        REDIS.client().hset(RedisKeys.SPEED_STATUS, "updatedAt", Instant.now().toString());
        assertThat(progress.read()).isEqualTo(appliedAgain);

        // A rebuild publishes generation g2; from then on g2's offsets are the ones followed.
        REDIS.client().set(RedisKeys.SPEED_CURRENT, "g2");
        Object rebuilt = progress.read();
        assertThat(rebuilt).isNotEqualTo(appliedAgain);
        REDIS.client().hset(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 0), "43");
        assertThat(progress.read()).as("the old generation's offsets no longer count").isEqualTo(rebuilt);
        REDIS.client().hset(RedisKeys.speedOffsets("g2"), RedisKeys.offsetField(TOPIC, 0), "7");
        Object rebuiltApplied = progress.read();
        assertThat(rebuiltApplied).isNotEqualTo(rebuilt);

        // The batch layer publishes a view.
        REDIS.client().set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(new BatchCutoff("v8",
                Instant.parse("2024-05-02T10:00:00Z"), Instant.parse("2024-05-02T10:15:00Z"), Map.of())));
        assertThat(progress.read()).isNotEqualTo(rebuiltApplied);
    }

    @Test
    void anUnreachableRedisIsAnUnknownProgressNotAnError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (RedisClient nowhere = RedisClient.builder().hostAndPort("127.0.0.1", closedPort)
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(500)
                        .socketTimeoutMillis(500).build()).build()) {
            assertThat(new RedisViewProgress(nowhere).read()).isNull();
        }
    }

    @Test
    void theRefresherFollowsTheSpeedLayersAppliesAndOtherwiseWaitsForTheInterval() throws Exception {
        BlockingQueue<Instant> refreshes = new LinkedBlockingQueue<>();
        TrendSource source = (window, slice) -> {
            refreshes.add(Instant.now());
            Instant now = Instant.now();
            return new TrendResult(now, window, slice, now.minus(window.length()), now,
                    new PublishedViews(null, "0"), List.of(new ScoredKeyword("samsung", 5, 0.0, 5.0)), false, null);
        };
        // An interval far beyond the test: every refresh after the first is brought by a change.
        RefreshSchedule schedule = new RefreshSchedule(Duration.ofMinutes(10), Duration.ofMillis(300), 1.0,
                Duration.ofMillis(50));
        try (SnapshotService service = new SnapshotService(source, keys -> Map.of(), EvidenceSource.NONE,
                new RedisViewProgress(REDIS.client()), schedule, Duration.ofMinutes(15), Duration.ofMinutes(5),
                Clock.systemUTC())) {
            BlockingQueue<TrendSnapshot> streamed = new LinkedBlockingQueue<>();
            service.addListener(streamed::add);
            service.start();
            assertThat(refreshes.poll(10, TimeUnit.SECONDS)).as("the first refresh, at start").isNotNull();
            TrendSnapshot first = streamed.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();

            // Quiet views: a second (twenty watch ticks) without a refresh.
            assertThat(refreshes.poll(1, TimeUnit.SECONDS)).as("a refresh without a change").isNull();

            // The speed layer applies: a refresh follows, and the stream gets the new snapshot.
            REDIS.client().hset(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 0), "100");
            assertThat(refreshes.poll(10, TimeUnit.SECONDS)).as("a refresh after an apply").isNotNull();
            TrendSnapshot second = streamed.poll(10, TimeUnit.SECONDS);
            assertThat(second).isNotNull();
            assertThat(second.snapshotId()).isNotEqualTo(first.snapshotId());
            assertThat(service.byId(first.snapshotId())).contains(first);
            assertThat(refreshes.poll(1, TimeUnit.SECONDS)).as("one refresh per change").isNull();

            // Applies in quick succession: never two refreshes closer than the minimum gap.
            for (int i = 1; i <= 10; i++) {
                REDIS.client().hset(RedisKeys.speedOffsets("0"), RedisKeys.offsetField(TOPIC, 1), Integer.toString(i));
                Thread.sleep(100);
            }
            Instant previous = refreshes.poll(10, TimeUnit.SECONDS);
            assertThat(previous).isNotNull();
            Instant next;
            while ((next = refreshes.poll(2, TimeUnit.SECONDS)) != null) {
                assertThat(Duration.between(previous, next)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
                previous = next;
            }

            // A batch view published: a refresh too.
            REDIS.client().set(RedisKeys.BATCH_CURRENT, BatchCutoffJson.encode(new BatchCutoff("v1",
                    Instant.parse("2024-05-02T10:00:00Z"), Instant.parse("2024-05-02T10:15:00Z"), Map.of())));
            assertThat(refreshes.poll(10, TimeUnit.SECONDS)).as("a refresh after a batch publication").isNotNull();
        }
    }
}
