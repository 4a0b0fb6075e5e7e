package io.silgeom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.silgeom.batch.config.BatchConfig;
import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.serving.config.ServingConfig;
import io.silgeom.speed.config.SpeedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md is generated from the key declarations, so the reference cannot drift from the code. When a
 * key changes, regenerate it: {@code mvn -pl standalone test -Dtest=ConfigReferenceTest -Dsilgeom.updateDocs=true}.
 */
class ConfigReferenceTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    static Map<String, ConfigDef> definitions() {
        Map<String, ConfigDef> defs = new LinkedHashMap<>();
        defs.put("Shared (core)", CoreConfig.DEF);
        defs.put("Content policy (core, both views)", ContentPolicy.DEF);
        defs.put("Ingest and generator", IngestConfig.DEF);
        defs.put("Speed layer", SpeedConfig.DEF);
        defs.put("Batch layer", BatchConfig.DEF);
        defs.put("Serving layer", ServingConfig.DEF);
        return defs;
    }

    static String render() {
        StringBuilder sb = new StringBuilder("""
                # Configuration reference

                Generated from the key declarations by `ConfigReferenceTest` (do not edit by hand; see its doc comment).
                Each key can be set in the properties file given with `--config`, or overridden with an environment
                variable: `speed.flush.interval` → `SILGEOM_SPEED_FLUSH_INTERVAL`. Profiles (`--profile embedded|cluster`)
                only change defaults of the shared addresses. Durations read as `500ms`, `30s`, `2m`, `6h`, `7d` or ISO-8601.
                """);
        definitions().forEach((title, def) -> sb.append("\n## ").append(title).append("\n\n").append(def.toMarkdown()));
        return sb.toString();
    }

    @Test
    void everyKeyIsDeclaredOnceAcrossModules() {
        Set<String> seen = new HashSet<>();
        definitions().values().forEach(def -> def.keys().forEach(k ->
                assertThat(seen.add(k.name())).as("key declared twice: %s", k.name()).isTrue()));
    }

    @Test
    void theReferenceInDocsMatchesTheDeclarations() throws IOException {
        String expected = render();
        if (Boolean.getBoolean("silgeom.updateDocs")) {
            Files.writeString(DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
                .as("docs/configuration.md is stale: regenerate it with -Dsilgeom.updateDocs=true (see ConfigReferenceTest)")
                .isEqualTo(expected);
    }
}
