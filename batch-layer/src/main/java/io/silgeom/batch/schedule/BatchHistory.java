package io.silgeom.batch.schedule;

import io.silgeom.batch.archive.HdfsLayout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run history: {@code reports/batch/} keeps one report per run, succeeded or failed, never deleted by the batch
 * layer (a few KB each). {@code silgeom batch --history} prints {@link #line} for each.
 */
public final class BatchHistory {
    private static final Logger LOG = LoggerFactory.getLogger(BatchHistory.class);

    private BatchHistory() {
    }

    /** Every readable report, newest version first; an unreadable file is logged and left out. */
    public static List<BatchReport> list(FileSystem fs, HdfsLayout layout) throws IOException {
        Path dir = layout.batchReport("x").getParent();
        List<BatchReport> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus st : fs.listStatus(dir, p -> p.getName().endsWith(".json") && !p.getName().startsWith("."))) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()), StandardCharsets.UTF_8))) {
                out.add(BatchReportJson.decode(r.lines().collect(Collectors.joining("\n"))));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("batch history: skipping unreadable report {}: {}", st.getPath(), e.getMessage());
            }
        }
        out.sort(Comparator.comparing(BatchReport::version).reversed());
        return out;
    }

    /** One line per run: {@code 20240501T1000Z-1714558020000  succeeded  cutoff 2024-05-01T10:00:00Z  5120 ms  drift ok}. */
    public static String line(BatchReport r) {
        String outcome = r.succeeded() ? (r.nothingNew() ? "nothing new" : "succeeded")
                : "FAILED at " + r.failedStep().map(BatchStep::wireName).orElse("?") + ": " + r.error().orElse("");
        String drift = r.reconciliation().map(c -> String.format(Locale.ROOT, "drift %s (max %.4f over %d hours)",
                c.ok() ? "ok" : "OVER " + c.maxDrift(), c.maxRelDrift(), c.hours().size())).orElse("not reconciled");
        int retries = r.steps().stream().mapToInt(s -> s.attempts() - 1).sum();
        return String.format(Locale.ROOT, "%s  %-11s cutoff %s  %6d ms  %s%s", r.version(), r.succeeded() ? "ok" : "failed",
                r.cutoff(), r.duration().toMillis(), r.succeeded() ? drift : outcome,
                retries > 0 ? "  (" + retries + " retried attempts)" : "") + (r.succeeded() && r.nothingNew() ? "  nothing new" : "");
    }
}
