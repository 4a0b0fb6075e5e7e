package io.silgeom.batch.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silgeom.batch.job.BaselineSummary;
import io.silgeom.batch.job.KeywordHourlyCounts;
import io.silgeom.batch.reconcile.ReconciliationJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * JSON form of a {@link BatchReport}, as written to {@code reports/batch/<version>.json}, {@code sg:status:batch}
 * and an Oozie run's state file ({@link BatchStepTool}); {@link #decode} reads it back.
 *
 * <pre>{"version":"20240501T1000Z-1714557600123","status":"succeeded","failedStep":null,"error":null,
 *  "cutoff":"2024-05-01T10:00:00Z","startedAt":"…","finishedAt":"…","durationMs":5120,
 *  "offsets":{"silgeom.articles:0":1234},"nothingNew":false,
 *  "counts":{"rawLines":…,"pastSnapshot":…,"invalid":…,"quarantined":…,"quarantineUnreadable":…,"duplicates":…,
 *            "afterCutoff":…,"countedArticles":…,"unsafeKeywords":…,"viewRows":…,"inputRecords":…,"invalidRecords":…,
 *            "invalidShare":0.004},
 *  "invalidMaxShare":0.05,"steps":[{"step":"snapshot","ms":12,"attempts":1,"error":null},…],
 *  "view":"file:/…/views/keyword_hourly/v=…",
 *  "baselines":{"days":28,"from":"2024-04-03","to":"2024-04-30","keys":…,"keysBelowMinimum":…,"rows":…},
 *  "features":{"rows":…},
 *  "previousVersion":"…","previousCutoff":"…","deletedVersions":["…"],
 *  "reconciliation":{…}}                                  (see ReconciliationJson; null when the step did not run)</pre>
 */
public final class BatchReportJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BatchReportJson() {
    }

    public static String encode(BatchReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", r.version());
        root.put("status", r.succeeded() ? "succeeded" : "failed");
        root.put("failedStep", r.failedStep().map(BatchStep::wireName).orElse(null));
        root.put("error", r.error().orElse(null));
        root.put("cutoff", r.cutoff().toString());
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        root.put("durationMs", r.duration().toMillis());
        ObjectNode offsets = root.putObject("offsets");
        new TreeMap<>(r.offsets()).forEach(offsets::put);
        root.put("nothingNew", r.nothingNew());
        KeywordHourlyCounts c = r.counts();
        ObjectNode counts = root.putObject("counts");
        counts.put("rawLines", c.rawLines());
        counts.put("pastSnapshot", c.pastSnapshot());
        counts.put("invalid", c.invalid());
        counts.put("quarantined", c.quarantined());
        counts.put("quarantineUnreadable", c.quarantineUnreadable());
        counts.put("duplicates", c.duplicates());
        counts.put("afterCutoff", c.afterCutoff());
        counts.put("countedArticles", c.countedArticles());
        counts.put("unsafeKeywords", c.unsafeKeywords());
        counts.put("viewRows", c.viewRows());
        counts.put("inputRecords", c.inputRecords());
        counts.put("invalidRecords", c.invalidRecords());
        counts.put("invalidShare", c.invalidShare());
        root.put("invalidMaxShare", r.invalidMaxShare());
        ArrayNode steps = root.putArray("steps");
        r.steps().forEach(s -> steps.addObject().put("step", s.step().wireName()).put("ms", s.took().toMillis())
                .put("attempts", s.attempts()).put("error", s.error().orElse(null)));
        root.put("view", r.viewPath());
        if (r.baselines().isPresent()) {
            BaselineSummary b = r.baselines().get();
            root.putObject("baselines").put("days", b.days()).put("from", b.from().map(LocalDate::toString).orElse(null))
                    .put("to", b.to().map(LocalDate::toString).orElse(null)).put("keys", b.keys())
                    .put("keysBelowMinimum", b.keysBelowMinimum()).put("rows", b.rows());
        } else {
            root.putNull("baselines");
        }
        root.putObject("features").put("rows", r.featureRows());
        root.put("previousVersion", r.previousVersion().orElse(null));
        root.put("previousCutoff", r.previousCutoff().map(Instant::toString).orElse(null));
        ArrayNode deleted = root.putArray("deletedVersions");
        r.deletedVersions().forEach(deleted::add);
        if (r.reconciliation().isPresent()) {
            ReconciliationJson.write(r.reconciliation().get(), root.putObject("reconciliation"));
        } else {
            root.putNull("reconciliation");
        }
        return root.toString();
    }

    /**
     * @throws IllegalArgumentException when {@code json} is not a report this class wrote
     */
    public static BatchReport decode(String json) {
        JsonNode n;
        try {
            n = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("batch report is not JSON: " + e.getMessage(), e);
        }
        try {
            Map<String, Long> offsets = new LinkedHashMap<>();
            n.path("offsets").fields().forEachRemaining(e -> offsets.put(e.getKey(), e.getValue().asLong()));
            JsonNode c = n.path("counts");
            KeywordHourlyCounts counts = new KeywordHourlyCounts(c.path("rawLines").asLong(), c.path("pastSnapshot").asLong(),
                    c.path("invalid").asLong(), c.path("quarantined").asLong(), c.path("quarantineUnreadable").asLong(),
                    c.path("duplicates").asLong(), c.path("afterCutoff").asLong(), c.path("countedArticles").asLong(),
                    c.path("unsafeKeywords").asLong(), c.path("viewRows").asLong());
            List<StepResult> steps = new ArrayList<>();
            n.path("steps").forEach(s -> steps.add(new StepResult(BatchStep.fromWireName(s.path("step").asText()),
                    Duration.ofMillis(s.path("ms").asLong()), s.path("attempts").asInt(1), text(s, "error"))));
            Optional<BaselineSummary> baselines = Optional.empty();
            JsonNode b = n.path("baselines");
            if (b.isObject()) {
                baselines = Optional.of(new BaselineSummary(b.path("days").asInt(), text(b, "from").map(LocalDate::parse),
                        text(b, "to").map(LocalDate::parse), b.path("keys").asLong(), b.path("keysBelowMinimum").asLong(),
                        b.path("rows").asLong()));
            }
            List<String> deleted = new ArrayList<>();
            n.path("deletedVersions").forEach(v -> deleted.add(v.asText()));
            JsonNode rec = n.path("reconciliation");
            return new BatchReport(n.path("version").asText(), Instant.parse(n.path("cutoff").asText()),
                    Instant.parse(n.path("startedAt").asText()), Instant.parse(n.path("finishedAt").asText()),
                    text(n, "failedStep").map(BatchStep::fromWireName), text(n, "error"), offsets,
                    n.path("nothingNew").asBoolean(), counts, n.path("invalidMaxShare").asDouble(), steps,
                    n.path("view").asText(), baselines, n.path("features").path("rows").asLong(),
                    text(n, "previousVersion"), text(n, "previousCutoff").map(Instant::parse), deleted,
                    rec.isObject() ? Optional.of(ReconciliationJson.read(rec)) : Optional.empty());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a batch report: " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }
}
