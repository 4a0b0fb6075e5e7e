package io.silgeom.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this JVM's Java threads over one interval, grouped by what they do, so a benchmark can say where the
 * process's CPU went (the consumer thread, the Kafka broker in the same JVM, ...). The JVM's own threads (garbage
 * collector, JIT compiler) are not Java threads: they are what the process used beyond the sum of the groups.
 * A thread that ends within the interval loses its share: fine for long-lived threads, which is what is measured.
 */
public final class ThreadCpu {
    private final Map<Long, String> names;
    private final Map<Long, Long> nanos;

    private ThreadCpu(Map<Long, String> names, Map<Long, Long> nanos) {
        this.names = names;
        this.nanos = nanos;
    }

    /** The CPU time of every live Java thread now. */
    public static ThreadCpu snapshot() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> nanos = new HashMap<>();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;   // ended since the ids were listed
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                names.put(info.getThreadId(), info.getThreadName());
                nanos.put(info.getThreadId(), cpu);
            }
        }
        return new ThreadCpu(names, nanos);
    }

    /**
     * CPU nanoseconds used since {@code earlier} per group ({@code groupOf} maps a thread name to its group), in the
     * order the groups were first met; threads that started after {@code earlier} count from zero.
     */
    public Map<String, Long> since(ThreadCpu earlier, Function<String, String> groupOf) {
        Map<String, Long> byGroup = new LinkedHashMap<>();
        nanos.forEach((id, now) -> {
            long before = earlier.nanos.getOrDefault(id, 0L);
            byGroup.merge(groupOf.apply(names.get(id)), Math.max(0, now - before), Long::sum);
        });
        return byGroup;
    }
}
