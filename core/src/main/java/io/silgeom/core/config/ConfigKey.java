package io.silgeom.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key, declared once with its type, default, validator, importance and doc. Modules
 * declare their keys as constants in {@code io.silgeom.<module>.config.<Module>Config}; nothing else
 * reads a raw property string.
 *
 * @param <T> the value type
 */
public final class ConfigKey<T> {
    private final String name;
    private final String typeName;
    private final Function<String, T> parser;
    private final Function<T, String> printer;
    private T defaultValue;
    private Validator<T> validator = Validator.any();
    private Importance importance = Importance.MEDIUM;
    private String doc = "";

    private ConfigKey(String name, String typeName, Function<String, T> parser, Function<T, String> printer) {
        if (name == null || !name.matches("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)+")) {
            throw new IllegalArgumentException("config key must be dotted lower-case, got: " + name);
        }
        this.name = name;
        this.typeName = typeName;
        this.parser = parser;
        this.printer = printer;
    }

    public static ConfigKey<String> string(String name) {
        return new ConfigKey<>(name, "string", s -> s, s -> s);
    }

    public static ConfigKey<Integer> integer(String name) {
        return new ConfigKey<>(name, "int", s -> Integer.valueOf(s.trim()), String::valueOf);
    }

    public static ConfigKey<Long> longValue(String name) {
        return new ConfigKey<>(name, "long", s -> Long.valueOf(s.trim()), String::valueOf);
    }

    public static ConfigKey<Double> doubleValue(String name) {
        return new ConfigKey<>(name, "double", s -> Double.valueOf(s.trim()), String::valueOf);
    }

    public static ConfigKey<Boolean> bool(String name) {
        return new ConfigKey<>(name, "boolean", ConfigKey::parseBoolean, String::valueOf);
    }

    public static ConfigKey<Duration> duration(String name) {
        return new ConfigKey<>(name, "duration", DurationParser::parse, DurationParser::format);
    }

    public ConfigKey<T> defaultValue(T value) {
        this.defaultValue = Objects.requireNonNull(value, "default of " + name);
        return this;
    }

    public ConfigKey<T> validator(Validator<T> v) {
        this.validator = Objects.requireNonNull(v);
        return this;
    }

    public ConfigKey<T> importance(Importance i) {
        this.importance = Objects.requireNonNull(i);
        return this;
    }

    public ConfigKey<T> doc(String text) {
        this.doc = Objects.requireNonNull(text);
        return this;
    }

    public String name() {
        return name;
    }

    public String typeName() {
        return typeName;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public boolean hasDefault() {
        return defaultValue != null;
    }

    public Importance importance() {
        return importance;
    }

    public String doc() {
        return doc;
    }

    /** The environment variable that overrides this key: {@code speed.flush.interval} → {@code SILGEOM_SPEED_FLUSH_INTERVAL}. */
    public String envName() {
        return Settings.ConfigKeyNames.envName(name);
    }

    public String format(T value) {
        return value == null ? "" : printer.apply(value);
    }

    /** Parses and validates a raw value; the exception names the key and the value. */
    T parse(String raw) {
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            throw new ConfigException(name + ": cannot read '" + raw + "' as " + typeName
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
        check(value, raw);
        return value;
    }

    void check(T value, String shown) {
        String problem = validator.check(value);
        if (problem != null) {
            throw new ConfigException(name + ": " + shown + " " + problem);
        }
    }

    private static Boolean parseBoolean(String s) {
        String t = s.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
