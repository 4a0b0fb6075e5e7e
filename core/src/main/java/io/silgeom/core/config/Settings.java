package io.silgeom.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Raw configuration values in precedence order: explicit overrides (command-line options) over
 * {@code SILGEOM_*} environment variables over the properties file over the profile file
 * ({@code embedded} or {@code cluster}, on the classpath under {@code io/silgeom/profiles/}). Typed
 * access goes through {@link ConfigDef#parse(Settings)}; this class only answers "what string was set".
 */
public final class Settings {
    public static final String PROFILE_EMBEDDED = "embedded";
    public static final String PROFILE_CLUSTER = "cluster";

    private final Map<String, String> values;
    private final Map<String, String> env;

    private Settings(Map<String, String> values, Map<String, String> env) {
        this.values = Map.copyOf(values);
        this.env = Map.copyOf(env);
    }

    /** No file, no environment: defaults only, plus whatever {@link #with} adds. For tests. */
    public static Settings empty() {
        return new Settings(Map.of(), Map.of());
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(values, Map.of());
    }

    /**
     * File values plus an explicit environment (only its {@code SILGEOM_*} entries matter): for tests of the
     * precedence rules, without touching the real process environment.
     */
    public static Settings of(Map<String, String> values, Map<String, String> environment) {
        return new Settings(values, environment);
    }

    /**
     * Loads the profile, then the optional file, and reads the process environment.
     *
     * @param profile {@code embedded} or {@code cluster}
     * @param file    optional properties file; missing file is an error, not silently ignored
     */
    public static Settings load(String profile, Path file) {
        Map<String, String> merged = new HashMap<>(loadProfile(profile));
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("config file not found: " + file.toAbsolutePath());
            }
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(r);
                p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
            } catch (IOException e) {
                throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
            }
        }
        return new Settings(merged, System.getenv());
    }

    private static Map<String, String> loadProfile(String profile) {
        Objects.requireNonNull(profile, "profile");
        if (!profile.equals(PROFILE_EMBEDDED) && !profile.equals(PROFILE_CLUSTER)) {
            throw new ConfigException("profile must be embedded or cluster, got: " + profile);
        }
        String resource = "/io/silgeom/profiles/" + profile + ".properties";
        Map<String, String> out = new HashMap<>();
        try (var in = Settings.class.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read profile " + resource + ": " + e.getMessage());
        }
        return out;
    }

    /** A copy with {@code key=value} set above everything else (command-line options). */
    public Settings with(String key, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(key, value);
        Map<String, String> envCopy = new HashMap<>(env);
        envCopy.remove(ConfigKeyNames.envName(key));
        return new Settings(copy, envCopy);
    }

    /** The raw value: environment override first, then file/profile. */
    public Optional<String> raw(String key) {
        String fromEnv = env.get(ConfigKeyNames.envName(key));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return Optional.ofNullable(values.get(key));
    }

    /** Key names present in file/profile (for warning about unknown keys). */
    public java.util.Set<String> keys() {
        return values.keySet();
    }

    /** Maps a key to its environment variable name. */
    static final class ConfigKeyNames {
        private ConfigKeyNames() {
        }

        static String envName(String key) {
            return "SILGEOM_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }
}
