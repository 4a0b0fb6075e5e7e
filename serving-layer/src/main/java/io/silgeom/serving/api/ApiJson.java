package io.silgeom.serving.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.silgeom.serving.merge.Provenance;
import java.io.IOException;

/** The one JSON mapper of the API: instants and durations as ISO-8601 strings, provenance as batch/speed/mixed. */
public final class ApiJson {
    private ApiJson() {
    }

    public static ObjectMapper mapper() {
        SimpleModule wire = new SimpleModule("silgeom-wire");
        wire.addSerializer(Provenance.class, new JsonSerializer<>() {
            @Override
            public void serialize(Provenance value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.wireName());
            }
        });
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(wire)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }
}
