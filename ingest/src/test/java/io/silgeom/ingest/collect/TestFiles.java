package io.silgeom.ingest.collect;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Paths of the hand-made samples under src/test/resources/io/silgeom/ingest/collect/. */
final class TestFiles {
    private TestFiles() {
    }

    static Path sample(String name) {
        URL url = TestFiles.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource missing: " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
