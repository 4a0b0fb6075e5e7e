package io.silgeom.ingest.collect;

import io.silgeom.core.article.Article;
import io.silgeom.ingest.publish.ArticleSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A synthetic stream of Korean and English news and social posts, for cold starts and demos
 * ({@code silgeom generate}, and the generator of {@code silgeom demo}).
 *
 * <p>What makes it look real:
 * <ul>
 *   <li>Vocabulary: a few hundred Korean and English proper nouns and topics, drawn with Zipf frequencies
 *       (exponent 1.1), filled into headline, body and post templates; hashtags on social posts.</li>
 *   <li>Timing: Poisson arrivals at {@link GeneratorOptions#ratePerSecond()} times the {@link DailyCycle}
 *       (peak at 13:00 KST).</li>
 *   <li>Bursts: planted spikes ({@link Burst}), by default a couple a few minutes in and one later.</li>
 *   <li>Duplicates: a small share of records re-publish a recent article unchanged, same id, as RSS does.</li>
 *   <li>Invalid records, only when {@link GeneratorOptions#invalidShare()} is above 0: one broken rule each.</li>
 * </ul>
 *
 * <p>Deterministic: the same seed and the same start instant (the clock when the stream is built) give the
 * same records, byte for byte. Ids are {@code syn-<seed>-<start>-<l|b><n>} (base 36), unique per start so two
 * demo runs do not collide. The history ({@link #backfill}) and the live stream ({@link #run}) draw from separate
 * random streams, so the live records do not depend on whether a backfill ran.
 *
 * <p>Relative burst offsets count from the start instant; absolute ones may lie inside a backfilled history.
 */
public final class SyntheticStream {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticStream.class);
    /** Recent articles a duplicate is drawn from: re-publication happens within minutes, not days. */
    private static final int RECENT_ARTICLES = 256;
    /** Mixed into the seed so the backfill and the live stream draw different numbers. */
    private static final long BACKFILL_STREAM = 0x9E3779B97F4A7C15L;

    private final GeneratorOptions options;
    private final ArticleSink sink;
    private final Clock clock;
    private final Pacer pacer;
    private final ProgressListener listener;
    private final SyntheticArticleFactory factory;
    private final DailyCycle dailyCycle;
    private final Instant start;
    private final double[] burstBaselines;
    private final String idPrefix;
    /** One per mode and kept across calls, so a second run continues the sequence instead of repeating ids. */
    private final Emitter backfillEmitter;
    private final Emitter liveEmitter;
    private volatile boolean stopRequested;
    private long duplicates;
    private long invalid;

    public SyntheticStream(GeneratorOptions options, ArticleSink sink, ProgressListener listener) {
        this(options, sink, listener, Clock.systemUTC(), Sleeper.system());
    }

    /** With an injected clock and sleeper: unit tests generate hours of stream without sleeping. */
    public SyntheticStream(GeneratorOptions options, ArticleSink sink, ProgressListener listener, Clock clock,
            Sleeper sleeper) {
        this.options = Objects.requireNonNull(options, "options");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pacer = new Pacer(clock, Objects.requireNonNull(sleeper, "sleeper"), () -> stopRequested);
        this.factory = new SyntheticArticleFactory(SyntheticVocabulary.get(), options);
        this.dailyCycle = new DailyCycle(options.dailyAmplitude());
        this.start = clock.instant();
        this.burstBaselines = options.bursts().stream().mapToDouble(factory::baselineShare).toArray();
        this.idPrefix = "syn-" + Long.toUnsignedString(options.seed(), 36) + "-"
                + Long.toString(start.getEpochSecond(), 36) + "-";
        this.backfillEmitter = new Emitter(new SplittableRandom(options.seed() ^ BACKFILL_STREAM), "b");
        this.liveEmitter = new Emitter(new SplittableRandom(options.seed()), "l");
    }

    /** The start instant: the anchor of relative burst offsets and the end of a backfilled history. */
    public Instant start() {
        return start;
    }

    /**
     * Emits the history of the past {@code history} before {@link #start()} as fast as the sink takes it, at
     * {@link GeneratorOptions#backfillRatePerSecond()} per second of event time with the daily cycle, so the
     * batch view has something to show at once. Every event time is before the start, so none is "future".
     *
     * @return the final progress report
     */
    public Progress backfill(Duration history) {
        Objects.requireNonNull(history, "history");
        Emitter emitter = backfillEmitter;
        long before = emitter.count;
        ProgressReporter progress = new ProgressReporter(clock, listener, ProgressReporter.DEFAULT_INTERVAL);
        progress.start();
        LOG.info("generator backfill: history: {}, rate: {}/s of event time", history, options.backfillRatePerSecond());
        Instant t = start.minus(history);
        while (!stopRequested) {
            t = t.plus(gap(emitter.random, options.backfillRatePerSecond() * dailyCycle.multiplier(t)));
            if (!t.isBefore(start)) {
                break;
            }
            emitter.emit(t);
            progress.maybeReport(emitter.count - before, emitter.count - before, 0, 0, Progress.UNKNOWN_TOTAL);
        }
        sink.flush();
        Progress last = progress.finish(emitter.count - before, emitter.count - before, 0, 0, Progress.UNKNOWN_TOTAL);
        LOG.info("generator backfill done: records: {}, elapsed: {}", last.published(), last.elapsed());
        return last;
    }

    /**
     * Emits the live stream, each record when its event time comes, until {@code limit} has passed, {@link #stop()}
     * is called or the thread is interrupted.
     *
     * @param limit how long to run; null: until stopped
     * @return the final progress report
     * @throws InterruptedException when interrupted while waiting for the next record
     */
    public Progress run(Duration limit) throws InterruptedException {
        Emitter emitter = liveEmitter;
        long before = emitter.count;
        ProgressReporter progress = new ProgressReporter(clock, listener, ProgressReporter.DEFAULT_INTERVAL);
        progress.start();
        Instant runStart = clock.instant();
        Instant end = limit == null ? null : runStart.plus(limit);
        LOG.info("generator: rate: {}/s, bursts: {}, duplicates: {}, invalid: {}", options.ratePerSecond(),
                Burst.toSpec(options.bursts()), options.duplicateShare(), options.invalidShare());
        Instant next = runStart.plus(gap(emitter.random, options.ratePerSecond() * dailyCycle.multiplier(runStart)));
        try {
            while (end == null || next.isBefore(end)) {
                if (!pacer.awaitUntil(next)) {
                    break;
                }
                emitter.emit(next);
                progress.maybeReport(emitter.count - before, emitter.count - before, 0, 0, Progress.UNKNOWN_TOTAL);
                next = next.plus(gap(emitter.random, options.ratePerSecond() * dailyCycle.multiplier(next)));
            }
        } finally {
            sink.flush();
        }
        Progress last = progress.finish(emitter.count - before, emitter.count - before, 0, 0, Progress.UNKNOWN_TOTAL);
        LOG.info("generator stopped: records: {}, duplicates so far: {}, invalid so far: {}", last.published(), duplicates,
                invalid);
        return last;
    }

    /** Ends a running {@link #run} or {@link #backfill} after the current record; callable from any thread. */
    public void stop() {
        stopRequested = true;
    }

    /** Records so far that re-published a recent article (same id). */
    public long duplicatesSent() {
        return duplicates;
    }

    /** Records so far that were deliberately invalid. */
    public long invalidSent() {
        return invalid;
    }

    /** Exponential gap of a Poisson process with the given rate per second. */
    private static Duration gap(SplittableRandom random, double ratePerSecond) {
        double seconds = -Math.log(1 - random.nextDouble()) / ratePerSecond;
        return Duration.ofNanos(Math.max(1, Math.round(seconds * 1e9)));
    }

    /** One random stream with its own sequence numbers and recent articles. */
    private final class Emitter {
        private final SplittableRandom random;
        private final String idMode;
        private final List<Article> recent = new ArrayList<>(RECENT_ARTICLES);
        private int recentNext;
        private long sequence;
        private long count;

        Emitter(SplittableRandom random, String idMode) {
            this.random = random;
            this.idMode = idMode;
        }

        void emit(Instant eventTime) {
            count++;
            double draw = random.nextDouble();
            if (draw < options.duplicateShare() && !recent.isEmpty()) {
                sink.publish(recent.get(random.nextInt(recent.size())));
                duplicates++;
                return;
            }
            SyntheticArticle generated = generate(eventTime);
            if (draw < options.duplicateShare() + options.invalidShare()) {
                InvalidRecords.Invalid bad = InvalidRecords.spoil(generated.article(), random, clock.instant());
                sink.publishRaw(bad.key(), bad.value());
                invalid++;
                return;
            }
            sink.publish(generated.article());
            remember(generated.article());
        }

        SyntheticArticle generate(Instant eventTime) {
            Burst burst = null;
            // Draw for every burst, hit or not, so that the random stream does not depend on which bursts fire.
            for (int i = 0; i < options.bursts().size(); i++) {
                Burst b = options.bursts().get(i);
                double p = Math.min(0.5, burstBaselines[i] * (b.multiplier() - 1) * b.intensity(eventTime, start));
                if (random.nextDouble() < p && burst == null) {
                    burst = b;
                }
            }
            return factory.create(random, idPrefix + idMode + Long.toString(sequence++, 36), eventTime, burst);
        }

        private void remember(Article article) {
            if (recent.size() < RECENT_ARTICLES) {
                recent.add(article);
            } else {
                recent.set(recentNext, article);
                recentNext = (recentNext + 1) % RECENT_ARTICLES;
            }
        }
    }
}
