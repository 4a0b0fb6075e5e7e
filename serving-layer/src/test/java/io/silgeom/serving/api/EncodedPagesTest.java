package io.silgeom.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.serving.snapshot.Change;
import io.silgeom.serving.snapshot.TrendItem;
import io.silgeom.serving.snapshot.TrendSnapshot;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A trends page is encoded once per (snapshot, offset, limit) and served as the same bytes after that. */
class EncodedPagesTest {
    private final ObjectMapper json = ApiJson.mapper();
    private final EncodedPages pages = new EncodedPages(json);

    @Test
    void aPageIsEncodedOnceAndItsBytesAreWhatTheMapperWouldWrite() throws Exception {
        TrendSnapshot s = snapshot("20240502T123000Z-1h-all-all-1", "storm", "flood");
        byte[] first = pages.get(TrendsEndpoint.etag(s.snapshotId(), 0, 1), s, 0, 1);

        assertThat(first).isEqualTo(json.writeValueAsBytes(s.page(0, 1)));
        assertThat(json.readTree(first).path("items")).hasSize(1);
        assertThat(pages.get(TrendsEndpoint.etag(s.snapshotId(), 0, 1), s, 0, 1)).as("cached").isSameAs(first);
    }

    @Test
    void theGzippedPageIsMadeOnceAndGunzipsToTheSameJson() throws Exception {
        TrendSnapshot s = snapshot("20240502T123000Z-1h-all-all-1", "storm", "flood", "typhoon", "rain");
        String tag = TrendsEndpoint.etag(s.snapshotId(), 0, 4);
        byte[] plain = pages.get(tag, s, 0, 4);
        byte[] zipped = pages.gzipped(tag, s, 0, 4);

        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(zipped))) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
        assertThat(pages.gzipped(tag, s, 0, 4)).as("cached").isSameAs(zipped);
        assertThat(pages.get(tag, s, 0, 4)).as("one entry for both forms").isSameAs(plain);
        assertThat(pages.size()).isEqualTo(1);
    }

    @Test
    void anotherPageOrAnotherSnapshotIsItsOwnEntry() throws Exception {
        TrendSnapshot s = snapshot("20240502T123000Z-1h-all-all-1", "storm", "flood");
        TrendSnapshot next = snapshot("20240502T123010Z-1h-all-all-2", "flood", "storm");

        byte[] page1 = pages.get(TrendsEndpoint.etag(s.snapshotId(), 1, 1), s, 1, 1);
        byte[] ofNext = pages.get(TrendsEndpoint.etag(next.snapshotId(), 0, 1), next, 0, 1);

        assertThat(json.readTree(page1).path("items").get(0).path("canonical").asText()).isEqualTo("flood");
        assertThat(json.readTree(ofNext).path("snapshotId").asText()).isEqualTo(next.snapshotId());
        assertThat(pages.size()).isEqualTo(2);
    }

    @Test
    void pastItsBoundTheCacheStartsOver() {
        TrendSnapshot s = snapshot("20240502T123000Z-1h-all-all-1", "storm");
        for (int limit = 1; limit <= EncodedPages.MAX_ENTRIES + 1; limit++) {
            pages.get(TrendsEndpoint.etag(s.snapshotId(), 0, limit), s, 0, limit);
        }
        assertThat(pages.size()).isEqualTo(1);
    }

    private static TrendSnapshot snapshot(String id, String... keywords) {
        List<TrendItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < keywords.length; i++) {
            items.add(new TrendItem(i + 1, keywords[i], keywords[i], 3.0 - i, 3, 0, null, Change.of(null, i + 1)));
        }
        Instant asOf = Instant.parse("2024-05-02T12:30:00Z");
        return new TrendSnapshot(id, asOf, "1h", "all", "all", asOf.minusSeconds(3600), asOf, null, null, false, null,
                null, items.size(), items);
    }
}
