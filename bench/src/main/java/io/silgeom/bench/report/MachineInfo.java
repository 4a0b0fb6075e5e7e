package io.silgeom.bench.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where and on what a run happened, printed with its figures: figures from a shared, noisy machine mean little
 * without the core count, the load when it started and the commit.
 *
 * @param commit     {@code git rev-parse --short HEAD}, plus {@code (uncommitted changes)} if tracked files differ
 * @param loadAverage one-minute load average at the start; negative if the OS does not say
 */
public record MachineInfo(Instant date, int cpus, String cpuModel, double loadAverage, String java, long maxHeapBytes,
                          String os, String commit) {

    public static MachineInfo collect(Path repoRoot) {
        Runtime rt = Runtime.getRuntime();
        return new MachineInfo(Instant.now(), rt.availableProcessors(), readCpuModel(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                rt.maxMemory(), System.getProperty("os.name") + " " + System.getProperty("os.arch"), commit(repoRoot));
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String commit(Path repoRoot) {
        String head = git(repoRoot, List.of("git", "rev-parse", "--short", "HEAD"));
        if (head.isEmpty()) {
            return "unknown (not a git checkout?)";
        }
        String changes = git(repoRoot, List.of("git", "status", "--porcelain", "--untracked-files=no"));
        return changes.isEmpty() ? head : head + " (uncommitted changes in tracked files)";
    }

    private static String git(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    out.append(line).append('\n');
                }
            }
            boolean done = p.waitFor(10, TimeUnit.SECONDS);
            return done && p.exitValue() == 0 ? out.toString().trim() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A "Run" table with the rows every benchmark prints first: date, commit, machine, java. */
    public FiguresTable runTable() {
        return new FiguresTable("Run")
                .row("date", "%s", date())
                .row("commit", "%s", commit())
                .row("machine", "%d CPUs (nproc), %s, load average %.2f at start, %s", cpus(), cpuModel(), loadAverage(), os())
                .row("java", "%s, max heap %d MiB", java(), maxHeapBytes() >> 20);
    }
}
