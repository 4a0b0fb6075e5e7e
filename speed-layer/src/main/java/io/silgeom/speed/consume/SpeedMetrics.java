package io.silgeom.speed.consume;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.silgeom.speed.apply.ApplyResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The speed layer's Micrometer meters: counters of what happened to each record, the applied rate over the last
 * status interval, and a lag gauge per assigned partition. Updated by the consumer thread, read by any thread (the
 * registry, the status writer).
 * {@link #close()} removes the meters, so a second speed layer in the same process registers its own.
 */
final class SpeedMetrics implements AutoCloseable {
    static final String APPLIED = "silgeom.speed.applied";
    static final String DUPLICATES = "silgeom.speed.duplicates";
    static final String LATE = "silgeom.speed.late";
    static final String DLQ = "silgeom.speed.dlq";
    static final String ALREADY_APPLIED = "silgeom.speed.already.applied";
    static final String FILTERED = "silgeom.speed.filtered";
    static final String APPLIED_RATE = "silgeom.speed.applied.rate";
    static final String APPLY = "silgeom.speed.apply";
    static final String LAG = "silgeom.speed.lag";

    private final MeterRegistry registry;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong dlq = new AtomicLong();
    private final AtomicLong alreadyApplied = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final AppliedRate appliedRate = new AppliedRate();
    private final Timer applyTimer;
    private final Map<TopicPartition, Long> lags = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Gauge> lagGauges = new ConcurrentHashMap<>();
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    SpeedMetrics(MeterRegistry registry) {
        this.registry = registry;
        counter(APPLIED, "articles counted into the speed view", applied);
        counter(DUPLICATES, "articles not counted: their id was counted before", duplicates);
        counter(LATE, "valid articles not counted: event time before the published batch cutoff", late);
        counter(DLQ, "invalid records sent to the dead-letter topic", dlq);
        counter(ALREADY_APPLIED, "articles not counted: Redis already held their offset", alreadyApplied);
        counter(FILTERED, "valid articles not counted: the content filter judged them hateful or abusive", filtered);
        meters.add(Gauge.builder(APPLIED_RATE, appliedRate, AppliedRate::perSecond)
                .description("articles counted into the speed view per second, over the last status interval")
                .baseUnit("articles/s").strongReference(true).register(registry));
        applyTimer = Timer.builder(APPLY).description("one partition batch applied to Redis (one Lua call)").register(registry);
        meters.add(applyTimer);
    }

    void recordApply(ApplyResult result, Duration took) {
        applied.addAndGet(result.applied());
        duplicates.addAndGet(result.duplicates());
        alreadyApplied.addAndGet(result.alreadyApplied());
        applyTimer.record(took);
    }

    void late() {
        late.incrementAndGet();
    }

    void deadLetter() {
        dlq.incrementAndGet();
    }

    /** A valid article the content filter kept out of the counts. */
    void filtered() {
        filtered.incrementAndGet();
    }

    /** Samples {@link #APPLIED_RATE} (see {@link AppliedRate}) and returns it: articles/s since the previous sample. */
    double sampleAppliedRate(Instant now) {
        return appliedRate.sample(applied.get(), now);
    }

    /** Records not yet applied to Redis for a partition; registers its gauge the first time. */
    void lag(TopicPartition tp, long records) {
        lags.put(tp, records);
        lagGauges.computeIfAbsent(tp, p -> {
            Gauge g = Gauge.builder(LAG, lags, m -> m.getOrDefault(p, Long.valueOf(0)).doubleValue())
                    .description("records of the partition not yet applied to Redis")
                    .tags("topic", p.topic(), "partition", Integer.toString(p.partition()))
                    .strongReference(true)
                    .register(registry);
            meters.add(g);
            return g;
        });
    }

    /** The partition is no longer ours: its lag is the new owner's to report. */
    void forget(TopicPartition tp) {
        lags.remove(tp);
        Gauge g = lagGauges.remove(tp);
        if (g != null) {
            registry.remove(g);
            meters.remove(g);
        }
    }

    Map<TopicPartition, Long> lags() {
        return Map.copyOf(lags);
    }

    SpeedStats stats() {
        return new SpeedStats(applied.get(), duplicates.get(), late.get(), dlq.get(), alreadyApplied.get(), filtered.get());
    }

    @Override
    public void close() {
        meters.forEach(registry::remove);
        meters.clear();
        lagGauges.clear();
    }

    private void counter(String name, String description, AtomicLong value) {
        meters.add(FunctionCounter.builder(name, value, AtomicLong::doubleValue).description(description).register(registry));
    }
}
