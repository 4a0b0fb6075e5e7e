package io.silgeom.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.ingest.collect.EdgeFuzzCorpus;
import io.silgeom.ingest.collect.EdgeFuzzCorpus.FuzzRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EdgeGateTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private final CapturingSink sink = new CapturingSink();
    private final EdgeGate gate = new EdgeGate(sink, ArticleValidator.withDefaults(), Clock.fixed(NOW, ZoneOffset.UTC), 1000);

    @Test
    void theFuzzCorpusLeavesEveryBadRecordInTheDlqAndEveryGoodOneOnceUnchanged() {
        List<FuzzRecord> corpus = EdgeFuzzCorpus.build(7, 200, NOW);

        // Nothing the corpus holds makes the edge throw.
        for (FuzzRecord r : corpus) {
            gate.offer("fuzz", r.raw());
        }

        List<FuzzRecord> goodFirsts = corpus.stream().filter(r -> r.good() && !r.repeat()).toList();
        long bad = corpus.stream().filter(r -> !r.good()).count();
        long repeats = corpus.stream().filter(FuzzRecord::repeat).count();
        assertThat(bad).isGreaterThan(30);
        assertThat(repeats).isEqualTo(20);

        // Every good record arrives exactly once, byte for byte as offered: HTML and control characters are text.
        assertThat(sink.sentKeys()).containsExactlyInAnyOrderElementsOf(goodFirsts.stream().map(FuzzRecord::goodId).toList());
        Map<String, byte[]> byKey = sink.sent().stream()
                .collect(Collectors.toMap(CapturingSink.Sent::key, CapturingSink.Sent::value));
        for (FuzzRecord g : goodFirsts) {
            assertThat(Arrays.equals(byKey.get(g.goodId()), g.raw())).as(g.label()).isTrue();
        }

        // Every bad record is in the DLQ, with a reason and the source it came from.
        assertThat(sink.dead()).hasSize((int) bad);
        assertThat(sink.dead()).allSatisfy(d -> {
            assertThat(d.key()).isEqualTo("fuzz");
            assertThat(d.deadLetter().reason()).endsWith("[source: fuzz]");
            assertThat(d.deadLetter().partition()).isEqualTo(-1);
            assertThat(d.deadLetter().raw().length()).isLessThanOrEqualTo(EdgeGate.MAX_RAW_CHARS_IN_DEAD_LETTER + 40);
        });
        EdgeGate.EdgeStats stats = gate.stats();
        assertThat(stats.published()).isEqualTo(goodFirsts.size());
        assertThat(stats.duplicates()).isEqualTo(repeats);
        assertThat(stats.deadLettered()).isEqualTo(bad);
        assertThat(stats.rejected()).containsKeys("json.malformed", "record.too-large", "publishedAt.future",
                "id.missing", "id.type", "source.invalid", "publishedAt.missing", "publishedAt.malformed",
                "field.type", "lang.invalid", "url.scheme", "id.too-long", "text.missing");
    }

    @Test
    void eachKindOfBadRecordIsRejectedForItsOwnReason() {
        Map<String, FuzzRecord> byLabel = EdgeFuzzCorpus.build(3, 0, NOW).stream()
                .collect(Collectors.toMap(FuzzRecord::label, Function.identity()));
        assertThat(reasonFor(byLabel.get("bad:10mb-body"))).startsWith("record: 1048").contains("larger than the limit");
        assertThat(reasonFor(byLabel.get("bad:invalid-utf8-c3-28"))).startsWith("record: not UTF-8 JSON");
        // Jackson alone accepts this overlong form; the edge does not.
        assertThat(reasonFor(byLabel.get("bad:invalid-utf8-overlong"))).isEqualTo("record: not UTF-8 JSON at byte 123: "
                + "malformed UTF-8 (overlong, surrogate or out-of-range sequence) [source: fuzz]");
        assertThat(reasonFor(byLabel.get("bad:control-raw-in-string"))).startsWith("record: not UTF-8 JSON");
        assertThat(reasonFor(byLabel.get("bad:far-future-9999"))).startsWith("publishedAt: 9999-12-31T23:59:59Z is");
        assertThat(reasonFor(byLabel.get("bad:url-javascript"))).startsWith("url: expected an absolute http");
        assertThat(reasonFor(byLabel.get("bad:type-title"))).startsWith("title: expected a string, got array");
    }

    @Test
    void aTenMegabyteRecordIsKeptInTheDlqCutToWhatKafkaTakes() {
        byte[] huge = new byte[EdgeFuzzCorpus.TEN_MB];
        Arrays.fill(huge, (byte) 'a');

        assertThat(gate.offer("rss:big", huge)).isEqualTo(EdgeGate.Outcome.DEAD_LETTERED);

        String raw = sink.dead().get(0).deadLetter().raw();
        assertThat(raw).startsWith("aaaa").endsWith("…(cut; 10485760 bytes in all)");
        assertThat(raw.getBytes(StandardCharsets.UTF_8).length).isLessThan(100 * 1024);
    }

    @Test
    void aRecordTheCollectorCannotMapGoesToTheDlqWithTheCollectorsReason() {
        gate.reject("x:stream", "{\"data\":".getBytes(StandardCharsets.UTF_8), "json.malformed", "stream line is not JSON");

        assertThat(sink.dead()).singleElement().satisfies(d -> {
            assertThat(d.key()).isEqualTo("x:stream");
            assertThat(d.deadLetter().reason()).isEqualTo("stream line is not JSON [source: x:stream]");
            assertThat(d.deadLetter().raw()).isEqualTo("{\"data\":");
        });
        assertThat(gate.stats().rejected()).containsEntry("json.malformed", 1L);
    }

    private String reasonFor(FuzzRecord r) {
        int before = sink.dead().size();
        gate.offer("fuzz", r.raw());
        assertThat(sink.dead()).as(r.label()).hasSize(before + 1);
        return sink.dead().get(before).deadLetter().reason();
    }
}
