package io.silgeom.serving.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.redis.Slice;
import io.silgeom.core.view.BatchCutoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketPlannerTest {
    private static final Slice KO_NEWS = new Slice("ko", "news");
    private static final Instant T = Instant.parse("2024-05-02T10:00:00Z");
    private static final Instant NOW = Instant.parse("2024-05-02T12:30:00Z");
    private static final Slice EN_NEWS = new Slice("en", "news");
    private static final PublishedViews V7 = new PublishedViews(
            new BatchCutoff("v7", T, T.plusSeconds(600), Map.of()), "g1", List.of(EN_NEWS, KO_NEWS));

    private final BucketPlanner planner = new BucketPlanner(Duration.ofDays(8), Duration.ofHours(6));

    @Test
    void hoursBeforeTheCutoffAreBatchAndFromTheCutoffOnAreSpeed() {
        List<PlannedPoint> plan = planner.plan(V7, KO_NEWS, T.minusSeconds(7200), T.plusSeconds(7200),
                SeriesStep.HOUR, NOW);

        assertThat(plan).extracting(PlannedPoint::provenance)
                .containsExactly(Provenance.BATCH, Provenance.BATCH, Provenance.SPEED, Provenance.SPEED);
        // T is exclusive: the hour starting at T is the speed view's.
        assertThat(plan.get(1).buckets().get(0).keys()).containsExactly("sg:b:v7:h:2024050209:ko:news");
        assertThat(plan.get(2).buckets().get(0).keys()).containsExactly("sg:s:g1:h:2024050210:ko:news");
    }

    @Test
    void aDayThatSpansTheCutoffIsMixedAndIsItsTwentyFourHours() {
        List<PlannedPoint> plan = planner.plan(V7, KO_NEWS, Instant.parse("2024-05-01T00:00:00Z"),
                Instant.parse("2024-05-04T00:00:00Z"), SeriesStep.DAY, NOW);

        assertThat(plan).extracting(PlannedPoint::provenance)
                .containsExactly(Provenance.BATCH, Provenance.MIXED, Provenance.SPEED);
        PlannedPoint mixed = plan.get(1);
        assertThat(mixed.buckets()).hasSize(24);
        assertThat(mixed.buckets().stream().filter(b -> b.kind() == BucketKind.BATCH_HOUR)).hasSize(10);
    }

    @Test
    void minutesAreSpeedOnlyEvenBeforeTheCutoff() {
        List<PlannedPoint> plan = planner.plan(V7, KO_NEWS, T.minusSeconds(120), T.plusSeconds(60),
                SeriesStep.MINUTE, NOW);

        assertThat(plan).hasSize(3).allMatch(p -> p.provenance() == Provenance.SPEED);
        assertThat(plan.get(0).buckets().get(0).keys()).containsExactly("sg:s:g1:m:202405020958:ko:news");
    }

    @Test
    void withoutABatchViewEveryHourIsSpeed() {
        PublishedViews speedOnly = new PublishedViews(null, "0", List.of(KO_NEWS));

        List<PlannedPoint> plan = planner.plan(speedOnly, Slice.TOTAL, T.minusSeconds(7200), T, SeriesStep.HOUR, NOW);

        assertThat(plan).extracting(PlannedPoint::provenance).containsOnly(Provenance.SPEED);
        assertThat(plan.get(0).buckets().get(0).keys()).containsExactly("sg:s:0:h:2024050208:ko:news");
    }

    @Test
    void aSpeedBucketOfARollUpReadsTheLeavesItCoversWhileABatchBucketIsOneHash() {
        List<PlannedPoint> plan = planner.plan(V7, Slice.TOTAL, T.minusSeconds(3600), T.plusSeconds(3600),
                SeriesStep.HOUR, NOW);

        assertThat(plan.get(0).buckets().get(0).keys()).containsExactly("sg:b:v7:h:2024050209:all:all");
        assertThat(plan.get(1).buckets().get(0).keys())
                .containsExactly("sg:s:g1:h:2024050210:en:news", "sg:s:g1:h:2024050210:ko:news");
        assertThat(planner.minute(V7, new Slice("ko", "all"), T, NOW).keys())
                .containsExactly("sg:s:g1:m:202405021000:ko:news");
        // No leaf of that language yet: no hash to read, and still a speed bucket whose age is judged.
        BucketRef none = planner.minute(V7, new Slice("ja", "all"), NOW.minus(Duration.ofHours(7)), NOW);
        assertThat(none.keys()).isEmpty();
        assertThat(none.mayHaveExpired()).isTrue();
    }

    @Test
    void rangesAreWidenedToWholeSteps() {
        List<PlannedPoint> plan = planner.plan(V7, KO_NEWS, Instant.parse("2024-05-02T10:15:00Z"),
                Instant.parse("2024-05-02T11:05:00Z"), SeriesStep.HOUR, NOW);

        assertThat(plan).extracting(PlannedPoint::start)
                .containsExactly(Instant.parse("2024-05-02T10:00:00Z"), Instant.parse("2024-05-02T11:00:00Z"));
    }

    @Test
    void speedBucketsOlderThanTheirRetentionMayHaveExpired() {
        // The minute that started exactly 6h ago may be gone; the one after it is guaranteed.
        BucketRef gone = planner.minute(V7, KO_NEWS, NOW.minus(Duration.ofHours(6)), NOW);
        BucketRef kept = planner.minute(V7, KO_NEWS, NOW.minus(Duration.ofHours(6)).plusSeconds(60), NOW);
        assertThat(gone.mayHaveExpired()).isTrue();
        assertThat(kept.mayHaveExpired()).isFalse();
        // A speed hour (no batch view) from 8 days ago may be gone; a batch hour is never judged by speed retention.
        Instant eightDaysAgo = Instant.parse("2024-04-24T12:00:00Z");
        assertThat(planner.hour(new PublishedViews(null, "0"), KO_NEWS, eightDaysAgo, NOW).mayHaveExpired()).isTrue();
        assertThat(planner.hour(V7, KO_NEWS, eightDaysAgo, NOW).mayHaveExpired()).isFalse();
    }
}
