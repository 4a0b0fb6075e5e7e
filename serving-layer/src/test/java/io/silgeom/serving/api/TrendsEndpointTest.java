package io.silgeom.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ETag of a snapshot page and how If-None-Match is compared with it. */
class TrendsEndpointTest {
    private static final String TAG = TrendsEndpoint.etag("20240502T123000Z-1h-all-all-17", 0, 20);

    @Test
    void theTagIsStrongAndNamesTheSnapshotAndThePage() {
        assertThat(TAG).isEqualTo("\"20240502T123000Z-1h-all-all-17.0.20\"");
        assertThat(TrendsEndpoint.etag("20240502T123000Z-1h-all-all-17", 20, 20)).isNotEqualTo(TAG);
    }

    @Test
    void ifNoneMatchMatchesTheTagInAListWeakenedOrAStar() {
        assertThat(TrendsEndpoint.matches(TAG, TAG)).isTrue();
        assertThat(TrendsEndpoint.matches("\"x\" , W/" + TAG, TAG)).isTrue();
        assertThat(TrendsEndpoint.matches("*", TAG)).isTrue();
        assertThat(TrendsEndpoint.matches(null, TAG)).isFalse();
        assertThat(TrendsEndpoint.matches(" ", TAG)).isFalse();
        assertThat(TrendsEndpoint.matches("\"20240502T123000Z-1h-all-all-17.0.10\"", TAG)).isFalse();
        assertThat(TrendsEndpoint.matches("20240502T123000Z-1h-all-all-17.0.20", TAG)).as("unquoted").isFalse();
    }

    @Test
    void gzipIsAcceptedAsRfc9110SaysAndNeverOnAGarbledHeader() {
        assertThat(TrendsEndpoint.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(TrendsEndpoint.acceptsGzip("br;q=1.0, GZIP;q=0.5")).isTrue();
        assertThat(TrendsEndpoint.acceptsGzip("x-gzip")).isTrue();
        assertThat(TrendsEndpoint.acceptsGzip("*")).as("any coding").isTrue();
        assertThat(TrendsEndpoint.acceptsGzip("gzip;q=0, *")).as("gzip refused by name").isFalse();
        assertThat(TrendsEndpoint.acceptsGzip("*;q=0")).isFalse();
        assertThat(TrendsEndpoint.acceptsGzip("identity")).isFalse();
        assertThat(TrendsEndpoint.acceptsGzip("deflate, br")).isFalse();
        assertThat(TrendsEndpoint.acceptsGzip("gzip;q=abc")).as("malformed q").isFalse();
        assertThat(TrendsEndpoint.acceptsGzip(null)).isFalse();
        assertThat(TrendsEndpoint.acceptsGzip("")).isFalse();
    }
}
