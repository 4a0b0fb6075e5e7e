package io.silgeom.batch.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code "reconciliation"} object of the batch report (and so of {@code sg:status:batch}):
 *
 * <pre>{"ok":true,"maxDrift":0.05,"maxRelDrift":0.012,"hoursJudged":3,"hoursOverMax":[],
 *  "slice":"all:all","batchVersion":"…","speedGeneration":"0","from":"…","to":"…","minMentions":20,
 *  "hours":[{"hour":"2024050109","batch":412,"speed":407,"absDrift":5,"relDrift":0.0121,"keywordsDiffering":4},…]}</pre>
 */
public final class ReconciliationJson {
    private ReconciliationJson() {
    }

    public static void write(Reconciliation r, ObjectNode out) {
        out.put("ok", r.ok());
        out.put("maxDrift", r.maxDrift());
        out.put("maxRelDrift", r.maxRelDrift());
        out.put("hoursJudged", r.hoursJudged());
        ArrayNode over = out.putArray("hoursOverMax");
        r.hoursOverMax().forEach(over::add);
        out.put("slice", r.slice());
        out.put("batchVersion", r.batchVersion());
        out.put("speedGeneration", r.speedGeneration());
        out.put("from", r.from().toString());
        out.put("to", r.to().toString());
        out.put("minMentions", r.minMentions());
        ArrayNode hours = out.putArray("hours");
        for (HourDrift h : r.hours()) {
            hours.addObject().put("hour", h.hour()).put("batch", h.batchMentions()).put("speed", h.speedMentions())
                    .put("absDrift", h.absDrift()).put("relDrift", h.relDrift()).put("keywordsDiffering", h.keywordsDiffering());
        }
    }

    public static Reconciliation read(JsonNode n) {
        List<HourDrift> hours = new ArrayList<>();
        n.path("hours").forEach(h -> hours.add(new HourDrift(h.path("hour").asText(), h.path("batch").asLong(),
                h.path("speed").asLong(), h.path("absDrift").asLong(), h.path("relDrift").asDouble(),
                h.path("keywordsDiffering").asInt())));
        List<String> over = new ArrayList<>();
        n.path("hoursOverMax").forEach(h -> over.add(h.asText()));
        return new Reconciliation(n.path("batchVersion").asText(), n.path("speedGeneration").asText(),
                n.path("slice").asText(), Instant.parse(n.path("from").asText()), Instant.parse(n.path("to").asText()),
                hours, n.path("minMentions").asLong(), n.path("maxDrift").asDouble(), n.path("maxRelDrift").asDouble(),
                over, n.path("ok").asBoolean());
    }
}
