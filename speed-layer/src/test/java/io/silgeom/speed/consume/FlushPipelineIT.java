package io.silgeom.speed.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.redis.RedisKeys;
import io.silgeom.core.redis.Slice;
import io.silgeom.core.testing.RealRedis;
import io.silgeom.core.testing.SpeedViewSums;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.time.TimeBuckets;
import io.silgeom.speed.apply.PartitionBatch;
import io.silgeom.speed.apply.SpeedRetention;
import io.silgeom.speed.apply.SpeedViewWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two flushes in flight against a real redis-server: what the consumer thread is told to commit and where each
 * partition must be read again, when both apply and when the older one fails.
 *
 * <p>NOTE: not covered here, for want of a seam: the older flush failing on one partition only (its Lua call failing
 * while the other partition's applies), where a partition ends both committed (its batch in the older flush) and read
 * again from its batch in the newer one. A failure that reproducibly hits one partition's call without writing
 * anything would have to come after the calls are built and before they are sent.
 */
class FlushPipelineIT {
    private static final String TOPIC = "silgeom.articles";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final SpeedRetention RETENTION = new SpeedRetention(Duration.ofDays(2), Duration.ofHours(6), Duration.ofDays(8));
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant T = NOW.minus(Duration.ofMinutes(10));
    private static final String HOUR = TimeBuckets.hourId(T);

    @RegisterExtension
    static final RealRedis REDIS = new RealRedis();

    private SpeedViewWriter writer;
    private FlushPipeline pipeline;

    @BeforeEach
    void open() {
        writer = SpeedViewWriter.open(REDIS.client(), RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));
        pipeline = new FlushPipeline(new SpeedMetrics(new SimpleMeterRegistry()));
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void flushesThatAllApplyAreCommittedOneAfterAnother() {
        pipeline.submit(writer, flush(batch(P0, 10, "a1", "fed"), batch(P1, 20, "a2", "fed")));
        pipeline.submit(writer, flush(batch(P0, 11, "a3", "rates")));
        assertThat(pipeline.isFull()).isTrue();

        FlushPipeline.Settlement first = pipeline.settleOldest();
        FlushPipeline.Settlement second = pipeline.settleOldest();

        assertThat(first.applied()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11), P1, new OffsetAndMetadata(21)));
        assertThat(first.failed()).isEmpty();
        assertThat(second.applied()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
        assertThat(pipeline.isEmpty()).isTrue();
        assertThat(pipeline.settleOldest()).isNull();
        assertThat(SpeedViewSums.hour(REDIS.client(), "0", HOUR, Slice.TOTAL)).isEqualTo(Map.of("fed", "2", "rates", "1"));
    }

    @Test
    void whenTheOlderFlushFailsTheNewerIsNotSentAndEachPartitionResumesAtItsFirstUnappliedBatch() {
        // P0's first batch is of the hour before, whose author/site marker hash is not a hash (something else wrote
        // the key): reading what the first flush depends on fails, before anything is written.
        Instant earlier = T.minus(Duration.ofHours(1));
        REDIS.client().set("sg:s:0:au:h:" + TimeBuckets.hourId(earlier), "not a hash");
        PartitionBatch p0First = batch(P0, 10, "a1", "fed", earlier);
        PartitionBatch p1First = batch(P1, 20, "a2", "fed", T);
        PartitionBatch p0Second = batch(P0, 11, "a3", "rates", T);
        PartitionBatch p1Second = batch(P1, 21, "a4", "rates", T);
        PartitionBatch p1Third = batch(P1, 22, "a5", "rates", T);
        pipeline.submit(writer, flush(p0First, p1First));
        pipeline.submit(writer, flush(p0Second, p1Second));

        FlushPipeline.Settlement settled = pipeline.settleOldest();

        // The second flush counted on the first as applied, so none of it was sent: nothing is committed, and each
        // partition is read again from its batch in the first flush, not the second.
        assertThat(settled.applied()).isEmpty();
        assertThat(settled.failed()).containsExactlyInAnyOrderEntriesOf(Map.of(P0, p0First, P1, p1First));
        assertThat(settled.failure()).hasMessageContaining("WRONGTYPE");
        assertThat(pipeline.isEmpty()).as("both flushes settled together").isTrue();
        assertThat(REDIS.client().keys("sg:s:0:*")).containsExactly("sg:s:0:au:h:" + TimeBuckets.hourId(earlier));

        // Once the key is put right, the partitions' batches read again apply in order.
        REDIS.client().del("sg:s:0:au:h:" + TimeBuckets.hourId(earlier));
        pipeline.submit(writer, flush(batch(P0, 10, "a1", "fed", earlier), batch(P1, 20, "a2", "fed", T)));
        pipeline.submit(writer, flush(p0Second, p1Second));
        assertThatThrownBy(() -> pipeline.submit(writer, flush(p1Third))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("settle the oldest first");
        FlushPipeline.Settlement first = pipeline.settleOldest();
        pipeline.submit(writer, flush(p1Third));
        FlushPipeline.Settlement second = pipeline.settleOldest();
        FlushPipeline.Settlement third = pipeline.settleOldest();

        assertThat(first.applied()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11), P1, new OffsetAndMetadata(21)));
        assertThat(second.applied()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12), P1, new OffsetAndMetadata(22)));
        assertThat(third.applied()).isEqualTo(Map.of(P1, new OffsetAndMetadata(23)));
        assertThat(SpeedViewSums.hour(REDIS.client(), "0", HOUR, Slice.TOTAL)).isEqualTo(Map.of("fed", "1", "rates", "3"));
    }

    private static Map<TopicPartition, PartitionBatch> flush(PartitionBatch... batches) {
        Map<TopicPartition, PartitionBatch> flush = new LinkedHashMap<>();
        for (PartitionBatch b : batches) {
            flush.put(new TopicPartition(b.topic(), b.partition()), b);
        }
        return flush;
    }

    private static PartitionBatch batch(TopicPartition tp, long offset, String id, String keyword) {
        return batch(tp, offset, id, keyword, T);
    }

    private static PartitionBatch batch(TopicPartition tp, long offset, String id, String keyword, Instant at) {
        PartitionBatch batch = new PartitionBatch(tp.topic(), tp.partition());
        batch.count(offset, new Article(id, Source.NEWS, "site-" + id, null, null, at, "title " + id, null, null),
                new Analysis("en", Set.of(new Keyword(keyword, keyword))));
        return batch;
    }
}
