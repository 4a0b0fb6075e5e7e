package io.silgeom.serving.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.0 description of {@code /api/v1}, served as written at {@code GET /api/v1/openapi.json}. It is a
 * static file ({@link #RESOURCE}) rather than generated, so it reads like the reference it is; ApiIT checks that
 * every route the server registers under {@code /api/v1} is in it, so the two cannot drift apart unnoticed.
 */
public final class OpenApiDocument {
    /** Classpath location of the document. */
    public static final String RESOURCE = "/io/silgeom/serving/api/openapi.json";

    private OpenApiDocument() {
    }

    /** The document's bytes (UTF-8 JSON). */
    public static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpenAPI document missing from the classpath: " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
