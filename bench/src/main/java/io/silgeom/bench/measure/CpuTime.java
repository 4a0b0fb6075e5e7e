package io.silgeom.bench.measure;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * CPU time spent by redis-server and by this JVM over one interval, so a throughput figure says which side was
 * busy: redis-server runs commands (and every Lua script) on one thread, so a Redis share near 1.0 of the wall
 * time means Redis is the bottleneck.
 */
public final class CpuTime {
    private CpuTime() {
    }

    /** One reading of both clocks. */
    public record Reading(Duration redis, Duration jvm) {
        /** CPU time used from {@code earlier} to this reading, as a share of {@code wall} (1.0 = one core busy). */
        public Shares since(Reading earlier, Duration wall) {
            double wallNanos = Math.max(1, wall.toNanos());
            return new Shares((redis.toNanos() - earlier.redis.toNanos()) / wallNanos,
                    (jvm.toNanos() - earlier.jvm.toNanos()) / wallNanos);
        }
    }

    /** CPU cores busy on average: redis-server, and this JVM (Kafka broker and analysis included). */
    public record Shares(double redis, double jvm) {
    }

    /** CPU time of the calling thread, in ns. */
    public static long currentThreadNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    public static Reading read(UnifiedJedis redisClient) {
        String info = redisClient.info("cpu");
        double seconds = seconds(info, "used_cpu_user") + seconds(info, "used_cpu_sys");
        long jvmNanos = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Reading(Duration.ofNanos(Math.round(seconds * 1e9)), Duration.ofNanos(jvmNanos));
    }

    private static double seconds(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalStateException("INFO cpu has no " + name + " field: " + info);
    }
}
