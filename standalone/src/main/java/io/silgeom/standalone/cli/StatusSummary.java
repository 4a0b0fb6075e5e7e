package io.silgeom.standalone.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

import io.silgeom.serving.api.ServingStatus;

/**
 * {@code silgeom status} for people: the facts of {@code GET /api/v1/status} in a few aligned lines.
 *
 * <pre>
 * status    degraded: the speed layer last reported 300s ago
 * batch     version 20261125T1000Z-1764064800123, cutoff 2026-11-25T10:00:00Z, published 2026-11-25T10:03:12Z
 * last run  succeeded: version 20261125T1000Z-1764064800123, finished 2026-11-25T10:03:12Z in 5.1s, 8,120 articles counted
 * speed     lag 12 (silgeom.articles:0=3, silgeom.articles:1=9), reported 4s ago, generation g0
 * counts    applied 1,234, late 5, dlq 2, duplicates 3
 * </pre>
 */
final class StatusSummary {
    private StatusSummary() {
    }

    static String format(ServingStatus s) {
        StringBuilder text = new StringBuilder();
        line(text, "status", s.degraded() ? "degraded: " + String.join("; ", s.reasons()) : "ok");
        line(text, "batch", batch(s.batch()));
        line(text, "last run", lastRun(s.lastBatchReport()));
        if (s.speed() == null) {
            line(text, "speed", "unknown");
        } else {
            line(text, "speed", speed(s.speed(), s));
            line(text, "counts", String.format(Locale.ROOT, "applied %s, late %s, dlq %s, duplicates %s",
                    count(s.speed().applied()), count(s.speed().late()), count(s.speed().dlq()),
                    count(s.speed().duplicates())));
        }
        return text.toString().stripTrailing();
    }

    private static String batch(ServingStatus.Batch b) {
        if (b == null) {
            return "none published yet (run `silgeom batch`)";
        }
        return "version " + b.version() + ", cutoff " + b.cutoff() + ", published " + b.publishedAt();
    }

    private static String lastRun(JsonNode report) {
        if (report == null) {
            return "none reported";
        }
        if (!report.isObject()) {
            return report.asText(); // a report that is not JSON, shown as written
        }
        String status = report.path("status").asText("unknown");
        StringBuilder s = new StringBuilder(status);
        if ("failed".equals(status)) {
            s.append(" at step ").append(report.path("failedStep").asText("?")).append(": ")
                    .append(report.path("error").asText(""));
        }
        s.append(s.length() == status.length() ? ": " : "; ").append("version ").append(report.path("version").asText("?"));
        if (report.hasNonNull("finishedAt")) {
            s.append(", finished ").append(report.path("finishedAt").asText());
            if (report.has("durationMs")) {
                s.append(String.format(Locale.ROOT, " in %.1fs", report.path("durationMs").asLong() / 1000.0));
            }
        }
        if (report.path("counts").has("countedArticles")) {
            s.append(String.format(Locale.ROOT, ", %,d articles counted", report.path("counts").path("countedArticles").asLong()));
        }
        return s.toString();
    }

    private static String speed(ServingStatus.Speed speed, ServingStatus s) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "lag %,d", speed.totalLag()));
        if (!speed.lagByPartition().isEmpty()) {
            StringJoiner parts = new StringJoiner(", ", " (", ")");
            for (Map.Entry<String, Long> e : speed.lagByPartition().entrySet()) {
                parts.add(e.getKey() + "=" + e.getValue());
            }
            text.append(parts);
        }
        text.append(", reported ").append(speed.updatedAt() == null ? "never"
                : ProgressLine.humanDuration(Duration.between(speed.updatedAt(), s.now())) + " ago");
        text.append(", generation ").append(speed.generation());
        return text.toString();
    }

    private static String count(Long n) {
        return n == null ? "?" : String.format(Locale.ROOT, "%,d", n);
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format(Locale.ROOT, "%-9s %s%n", label, value));
    }
}
