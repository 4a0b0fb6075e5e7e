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
}
