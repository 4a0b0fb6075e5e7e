package io.silgeom.batch.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Quartz for real, with short intervals: runs repeat, never overlap, and close() waits for the running one. */
class BatchSchedulerIT {

    @Test
    void runsEveryIntervalWithoutOverlapAndCloseWaitsForTheRunningTask() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch threeStarted = new CountDownLatch(3);
        Runnable slowTask = () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            threeStarted.countDown();
            try {
                Thread.sleep(150); // longer than the interval: the next firing must wait, not overlap
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
                finished.incrementAndGet();
            }
        };

        BatchScheduler scheduler = BatchScheduler.start(slowTask, Duration.ofMillis(50), Duration.ZERO);
        scheduler.triggerNow(); // an admin-triggered run joins the queue, it does not run beside a scheduled one
        assertThat(threeStarted.await(10, TimeUnit.SECONDS)).isTrue();
        scheduler.close();

        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(running.get()).as("close() returned while a run was still going").isZero();
        int afterClose = finished.get();
        assertThat(afterClose).isGreaterThanOrEqualTo(3);
        scheduler.close(); // idempotent
        assertThat(finished.get()).isEqualTo(afterClose);
    }

    @Test
    void aFailingTaskDoesNotStopTheSchedule() throws Exception {
        CountDownLatch twoRuns = new CountDownLatch(2);
        BatchScheduler scheduler = BatchScheduler.start(() -> {
            twoRuns.countDown();
            throw new IllegalStateException("redis is down");
        }, Duration.ofMillis(50), Duration.ZERO);
        try {
            assertThat(twoRuns.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            scheduler.close();
        }
    }

    @Test
    void aCronScheduleFromTheConfigurationFiresToo() throws Exception {
        CountDownLatch twoRuns = new CountDownLatch(2);
        io.silgeom.batch.config.BatchConfig everySecond = io.silgeom.batch.config.BatchConfig.from(
                io.silgeom.core.config.Settings.empty().with("batch.schedule.cron", "* * * * * ?"));
        BatchScheduler scheduler = BatchScheduler.start(twoRuns::countDown, everySecond);
        try {
            assertThat(twoRuns.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            scheduler.close();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BatchScheduler.startCron(() -> { }, "every night"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
