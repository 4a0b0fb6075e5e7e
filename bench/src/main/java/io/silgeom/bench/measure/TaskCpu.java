package io.silgeom.bench.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of every thread of this process over one interval, the JVM's own included (garbage collector, JIT
 * compilers), read from {@code /proc/self/task} (Linux only; elsewhere it reports nothing). Sampled every 200 ms by a
 * daemon thread while it runs, so a thread that ends within the interval (a producer's I/O thread closed at the end of
 * a pass) keeps all but its last 200 ms. Threads are grouped by name with the digits taken out ({@code GC Thread#0}
 * and {@code GC Thread#1} are one group). Resolution: the kernel's clock tick (10 ms).
 */
public final class TaskCpu implements AutoCloseable {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long SAMPLE_MILLIS = 200;
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux
    private final Map<String, long[]> firstLast = new HashMap<>(); // tid -> {first ticks, last ticks, first sys, last sys}
    private final Map<String, String> names = new HashMap<>();
    private final Thread sampler;
    private volatile boolean stop;

    private TaskCpu() {
        sample();
        sampler = new Thread(() -> {
            while (!stop) {
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "task-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts measuring now. */
    public static TaskCpu start() {
        return new TaskCpu();
    }

    /** Stops measuring; CPU nanoseconds per thread group since {@link #start()}, largest first in a sorted map by name. */
    public Map<String, Long> stop() {
        stop = true;
        sampler.interrupt();
        try {
            sampler.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        Map<String, Long> byGroup = new TreeMap<>();
        synchronized (this) {
            firstLast.forEach((tid, fl) -> byGroup.merge(group(names.get(tid)),
                    (fl[1] - fl[0]) * NANOS_PER_TICK, Long::sum));
        }
        return byGroup;
    }

    /** Of the CPU time {@link #stop()} reported, the part spent in the kernel (system time), all threads; after it. */
    public synchronized long sysNanos() {
        return firstLast.values().stream().mapToLong(fl -> fl[3] - fl[2]).sum() * NANOS_PER_TICK;
    }

    /** {@link #sysNanos()} by thread group; after {@link #stop()}. */
    public synchronized Map<String, Long> sysByGroup() {
        Map<String, Long> byGroup = new TreeMap<>();
        firstLast.forEach((tid, fl) -> byGroup.merge(group(names.get(tid)), (fl[3] - fl[2]) * NANOS_PER_TICK, Long::sum));
        return byGroup;
    }

    private static String group(String name) {
        return name.replaceAll("[0-9]+", "#").replace("##", "#");
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void sample() {
        boolean first = firstLast.isEmpty();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String tid = task.getFileName().toString();
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // ended since listed
                }
                int close = stat.lastIndexOf(')');
                String name = stat.substring(stat.indexOf('(') + 1, close);
                String[] f = stat.substring(close + 2).split(" ");
                long sys = Long.parseLong(f[12]);
                long ticks = Long.parseLong(f[11]) + sys; // utime, stime (fields 14, 15)
                long[] fl = firstLast.get(tid);
                if (fl == null) {
                    firstLast.put(tid, new long[] {first ? ticks : 0, ticks, first ? sys : 0, sys});
                    names.put(tid, name);
                } else {
                    fl[1] = Math.max(fl[1], ticks);
                    fl[3] = Math.max(fl[3], sys);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: nothing to report
        }
    }
}
