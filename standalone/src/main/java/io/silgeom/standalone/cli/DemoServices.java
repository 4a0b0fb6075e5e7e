package io.silgeom.standalone.cli;

import io.silgeom.batch.archive.RawArchiver;
import io.silgeom.batch.config.BatchConfig;
import io.silgeom.batch.job.KeywordHourlyJob;
import io.silgeom.batch.schedule.BatchRun;
import io.silgeom.batch.schedule.BatchScheduler;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.ingest.collect.SyntheticStream;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.serving.ServingLayer;
import io.silgeom.serving.api.AdminActions;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.speed.config.SpeedConfig;
import io.silgeom.speed.consume.SpeedLayer;
import io.silgeom.standalone.embedded.EmbeddedStack;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * Starts the Silgeom services of {@code silgeom demo} on a running {@link EmbeddedStack}, in this order: speed
 * layer, raw archiver, batch schedule (Quartz), serving layer (REST API and dashboard), generator. Each is handed to
 * {@link EmbeddedStack#track} as soon as it runs, so a failure or Ctrl-C stops them in reverse order before Kafka
 * and Redis.
 */
final class DemoServices {
    private static final Logger LOG = LoggerFactory.getLogger(DemoServices.class);
    /**
     * The first batch run waits this long: the generator's backfill is published and archived by then, so the
     * dashboard shows both views within the first minute instead of after a full {@code --batch-every}.
     */
    static final Duration FIRST_BATCH_DELAY = Duration.ofSeconds(20);
    /** How long a run's flush step waits for the archiver to read up to the topic's end (the backfill on a busy machine). */
    private static final Duration ARCHIVE_CATCH_UP = Duration.ofMinutes(2);

    private DemoServices() {
    }

    static void start(EmbeddedStack stack, DemoOptions demo) throws SchedulerException, IOException {
        Settings settings = stack.settings().with("serving.port", String.valueOf(demo.httpPort()));
        CoreConfig core = CoreConfig.from(settings);
        // One content policy for both views: the speed layer's analyzer and the batch jobs' configuration.
        DocumentAnalyzer analyzer = DocumentAnalyzer.create(ContentPolicy.from(settings), KeywordExtractor.create());
        Configuration hadoop = stack.hadoopConfiguration();
        KeywordHourlyJob.configurePolicy(hadoop, settings);
        Clock clock = Clock.systemUTC();

        SpeedLayer speed = stack.track(SpeedLayer.start(SpeedConfig.from(settings), core, analyzer, null));
        BatchConfig batchConfig = BatchConfig.from(settings);
        RawArchiver archiver = stack.track(RawArchiver.start(core, batchConfig, hadoop));

        RedisClient batchRedis = stack.track(RedisClient.create(stack.redisHost(), stack.redisPort()));
        BatchRun batchRun = new BatchRun(core, batchConfig, hadoop, batchRedis, clock)
                .withArchiveFlush(() -> archiveEverythingPublished(stack, core, archiver));
        // batch.schedule.cron, when configured, replaces the demo's short --batch-every schedule.
        BatchScheduler scheduler = stack.track(batchConfig.scheduleCron().isPresent()
                ? BatchScheduler.startCron(batchRun::run, batchConfig.scheduleCron().get())
                : BatchScheduler.start(batchRun::run, demo.batchEvery(), FIRST_BATCH_DELAY));

        AdminActions admin = new AdminActions(() -> triggerBatch(scheduler), speed::rebuild);
        stack.track(ServingLayer.start(ServingConfig.from(settings), core, admin, clock));

        if (demo.generatorEnabled()) {
            IngestConfig ingest = IngestConfig.from(settings);
            ArticlePublisher publisher = stack.track(ArticlePublisher.create(ingest.publisherOptions(core)));
            stack.track(GeneratorThread.start(new SyntheticStream(ingest.generatorOptions(), publisher, p -> { }),
                    ingest.generatorBackfill()));
        }
    }

    /** Before a run's snapshot: every article published until now archived, so the run counts what the speed view has. */
    private static void archiveEverythingPublished(EmbeddedStack stack, CoreConfig core, RawArchiver archiver)
            throws IOException, InterruptedException {
        if (!archiver.flushThrough(stack.kafka().endOffsets(core.articlesTopic()), ARCHIVE_CATCH_UP)) {
            LOG.warn("archiver still behind the articles topic after {}: the batch run counts what is archived, the "
                    + "rest in the next run", ARCHIVE_CATCH_UP);
        }
    }

    private static void triggerBatch(BatchScheduler scheduler) {
        try {
            scheduler.triggerNow();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot trigger a batch run: " + e.getMessage(), e);
        }
    }

    /** The generator on its own thread: history first (so the first batch run has something to count), then live. */
    static final class GeneratorThread implements AutoCloseable {
        private final SyntheticStream stream;
        private final Thread thread;
        private final AtomicBoolean closed = new AtomicBoolean();

        private GeneratorThread(SyntheticStream stream, Duration backfill) {
            this.stream = stream;
            this.thread = new Thread(() -> {
                try {
                    if (!backfill.isZero()) {
                        stream.backfill(backfill);
                    }
                    stream.run(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.error("generator stopped: {}", e.toString(), e);
                }
            }, "silgeom-generator");
            thread.setDaemon(true);
        }

        static GeneratorThread start(SyntheticStream stream, Duration backfill) {
            GeneratorThread g = new GeneratorThread(stream, backfill);
            g.thread.start();
            return g;
        }

        @Override
        public void close() throws InterruptedException {
            if (closed.compareAndSet(false, true)) {
                stream.stop();
                thread.interrupt();
                thread.join(Duration.ofSeconds(10).toMillis());
            }
        }
    }
}
