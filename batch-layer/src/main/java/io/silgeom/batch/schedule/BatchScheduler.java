package io.silgeom.batch.schedule;

import io.silgeom.batch.config.BatchConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task (a {@link BatchRun}) every interval in the embedded stack, the job the Oozie coordinator does on a
 * cluster. Quartz with an in-memory job store and ONE worker thread; the job is {@link DisallowConcurrentExecution},
 * so a run that takes longer than the interval delays the next one instead of overlapping it, and missed firings
 * are skipped, not queued.
 *
 * <pre>
 * try (BatchScheduler s = BatchScheduler.start(batchRun::run, Duration.ofMinutes(2))) { ... }
 * </pre>
 */
public final class BatchScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScheduler.class);
    private static final String TASK = "silgeom.batch.task";

    private final Scheduler scheduler;
    private final JobKey jobKey;

    private BatchScheduler(Scheduler scheduler, JobKey jobKey) {
        this.scheduler = scheduler;
        this.jobKey = jobKey;
    }

    /** First run one interval from now. */
    public static BatchScheduler start(Runnable task, Duration interval) throws SchedulerException {
        return start(task, interval, interval);
    }

    /**
     * @param task         runs on the scheduler's one thread; an exception it throws is logged, the schedule goes on
     * @param interval     time between starts
     * @param initialDelay time until the first start
     */
    public static BatchScheduler start(Runnable task, Duration interval, Duration initialDelay) throws SchedulerException {
        Objects.requireNonNull(task, "task");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        return start(task, TriggerBuilder.newTrigger().withIdentity("batch-every", "silgeom")
                .startAt(Date.from(Instant.now().plus(initialDelay)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(interval.toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build(), "every " + interval);
    }

    /**
     * Runs {@code task} on a Quartz cron schedule, e.g. {@code "0 30 2 * * ?"} (02:30 every day, in the JVM's time
     * zone); a firing missed while a run was going is skipped.
     *
     * @throws IllegalArgumentException when {@code cron} is not a Quartz cron expression
     */
    public static BatchScheduler startCron(Runnable task, String cron) throws SchedulerException {
        Objects.requireNonNull(task, "task");
        if (!CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException("not a Quartz cron expression: " + cron);
        }
        return start(task, TriggerBuilder.newTrigger().withIdentity("batch-cron", "silgeom")
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionDoNothing())
                .build(), "on cron '" + cron + "'");
    }

    /** The schedule {@code config} asks for: {@code batch.schedule.cron} if set, else every {@code batch.schedule.interval}. */
    public static BatchScheduler start(Runnable task, BatchConfig config) throws SchedulerException {
        return config.scheduleCron().isPresent() ? startCron(task, config.scheduleCron().get())
                : start(task, config.scheduleInterval());
    }

    private static BatchScheduler start(Runnable task, Trigger trigger, String what) throws SchedulerException {
        Properties p = new Properties();
        // A unique name: Quartz keeps schedulers in a JVM-wide repository by name.
        p.setProperty("org.quartz.scheduler.instanceName", "silgeom-batch-" + UUID.randomUUID());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
        try {
            scheduler.getContext().put(TASK, task);
            JobDetail job = JobBuilder.newJob(RunTask.class).withIdentity("batch-run", "silgeom").storeDurably().build();
            Date first = scheduler.scheduleJob(job, trigger.getTriggerBuilder().forJob(job).build());
            scheduler.start();
            LOG.info("batch scheduler: a run {}, first at {}", what, first.toInstant());
            return new BatchScheduler(scheduler, job.getKey());
        } catch (SchedulerException | RuntimeException e) {
            scheduler.shutdown(false);
            throw e;
        }
    }

    /** Starts a run now (e.g. {@code POST /admin/batch}); it waits if one is running. */
    public void triggerNow() throws SchedulerException {
        scheduler.triggerJob(jobKey);
    }

    /** Stops firing and waits for a running task to finish. Idempotent. */
    @Override
    public void close() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("batch scheduler did not shut down cleanly: " + e.getMessage(), e);
        }
    }

    /** The Quartz job: runs the task from the scheduler context. Public with a no-arg constructor for Quartz. */
    @DisallowConcurrentExecution
    public static final class RunTask implements Job {
        @Override
        public void execute(JobExecutionContext ctx) throws JobExecutionException {
            Runnable task;
            try {
                task = (Runnable) ctx.getScheduler().getContext().get(TASK);
            } catch (SchedulerException e) {
                throw new JobExecutionException(e);
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                // Logged here with the stack trace; Quartz would only log it at its own level and go on anyway.
                LOG.error("batch scheduler: scheduled run failed: {}", e.toString(), e);
            }
        }
    }
}
