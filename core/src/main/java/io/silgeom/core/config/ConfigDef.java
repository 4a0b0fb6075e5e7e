package io.silgeom.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A module's declared keys. {@link #parse(Settings)} reads each one once, validates it and returns the
 * typed values; a missing required key or a bad value fails with a {@link ConfigException} naming the key.
 */
public final class ConfigDef {
    private final Map<String, ConfigKey<?>> keys;

    private ConfigDef(Map<String, ConfigKey<?>> keys) {
        this.keys = Collections.unmodifiableMap(keys);
    }

    public static ConfigDef of(ConfigKey<?>... keys) {
        Map<String, ConfigKey<?>> map = new LinkedHashMap<>();
        for (ConfigKey<?> k : keys) {
            if (map.put(k.name(), k) != null) {
                throw new IllegalArgumentException("config key declared twice: " + k.name());
            }
        }
        return new ConfigDef(map);
    }

    public List<ConfigKey<?>> keys() {
        return new ArrayList<>(keys.values());
    }

    public Values parse(Settings settings) {
        Map<String, Object> out = new HashMap<>();
        for (ConfigKey<?> key : keys.values()) {
            out.put(key.name(), read(key, settings));
        }
        return new Values(out);
    }

    private static <T> T read(ConfigKey<T> key, Settings settings) {
        var raw = settings.raw(key.name());
        if (raw.isPresent() && !raw.get().isBlank()) {
            return key.parse(raw.get());
        }
        if (!key.hasDefault()) {
            throw new ConfigException(key.name() + ": required, but not set (set it in the config file or " + key.envName() + ")");
        }
        return key.defaultValue();
    }

    /** Markdown table of the keys: the configuration reference in docs/ is generated from it. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder("| key | type | default | importance | description |\n|---|---|---|---|---|\n");
        keys.values().stream()
                .sorted((a, b) -> a.importance() != b.importance() ? a.importance().compareTo(b.importance()) : a.name().compareTo(b.name()))
                .forEach(k -> sb.append("| `").append(k.name()).append("` | ").append(k.typeName()).append(" | ")
                        .append(k.hasDefault() ? "`" + formatDefault(k) + "`" : "(required)").append(" | ")
                        .append(k.importance().name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(k.doc().replace("|", "\\|")).append(" |\n"));
        return sb.toString();
    }

    private static <T> String formatDefault(ConfigKey<T> k) {
        return k.format(k.defaultValue());
    }

    /** Typed values of one parse. */
    public static final class Values {
        private final Map<String, Object> values;

        private Values(Map<String, Object> values) {
            this.values = Map.copyOf(values);
        }

        @SuppressWarnings("unchecked")
        public <T> T get(ConfigKey<T> key) {
            Object v = values.get(key.name());
            if (v == null && !values.containsKey(key.name())) {
                throw new IllegalArgumentException("key not declared in this ConfigDef: " + key.name());
            }
            return (T) v;
        }
    }
}
