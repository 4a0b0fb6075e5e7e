package io.silgeom.batch.schedule;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silgeom.batch.job.KeywordHourlyCounts;
import java.util.TreeMap;

/**
 * JSON form of a {@link BatchReport}, as written to {@code reports/batch/<version>.json} and {@code sg:status:batch}:
 *
 * <pre>{"version":"20240501T1000Z-1714557600123","status":"succeeded","failedStep":null,"error":null,
 *  "cutoff":"2024-05-01T10:00:00Z","startedAt":"…","finishedAt":"…","durationMs":5120,
 *  "offsets":{"silgeom.articles:0":1234},
 *  "counts":{"rawLines":…,"pastSnapshot":…,"invalid":…,"quarantined":…,"quarantineUnreadable":…,"duplicates":…,
 *            "afterCutoff":…,"countedArticles":…,"unsafeKeywords":…,"viewRows":…,"inputRecords":…,"invalidRecords":…,
 *            "invalidShare":0.004},
 *  "invalidMaxShare":0.05,"steps":[{"step":"snapshot","ms":12},…],
 *  "view":"file:/…/views/keyword_hourly/v=…","previousVersion":"…","deletedVersions":["…"]}</pre>
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
        r.stepDurations().forEach((step, took) -> steps.addObject().put("step", step.wireName()).put("ms", took.toMillis()));
        root.put("view", r.viewPath());
        root.put("previousVersion", r.previousVersion().orElse(null));
        ArrayNode deleted = root.putArray("deletedVersions");
        r.deletedVersions().forEach(deleted::add);
        return root.toString();
    }
}
