package io.silgeom.core.config;

import static io.silgeom.core.config.Validator.between;
import static io.silgeom.core.config.Validator.notBlank;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a module's declared keys turn raw settings into typed values, and how they fail. */
class ConfigDefTest {
    private static final ConfigKey<Duration> FLUSH = ConfigKey.duration("speed.flush.interval")
            .defaultValue(Duration.ofSeconds(1)).validator(between(Duration.ofMillis(50), Duration.ofMinutes(1)))
            .importance(Importance.MEDIUM).doc("How often increments go to Redis.");
    private static final ConfigKey<Integer> PORT = ConfigKey.integer("redis.port")
            .defaultValue(6379).validator(between(1, 65535)).importance(Importance.HIGH).doc("Redis port.");
    private static final ConfigKey<String> TOKEN = ConfigKey.string("serving.admin-token")
            .validator(notBlank()).importance(Importance.HIGH).doc("Bearer token of the admin endpoints.");
    private static final ConfigKey<Boolean> GENERATOR = ConfigKey.bool("demo.generator.enabled").defaultValue(true);
    private static final ConfigDef DEF = ConfigDef.of(FLUSH, PORT, TOKEN, GENERATOR);

    private static final Settings WITH_TOKEN = Settings.empty().with("serving.admin-token", "s3cret");

    @Test
    void anUnsetKeyTakesItsDefault() {
        ConfigDef.Values v = DEF.parse(WITH_TOKEN);

        assertThat(v.get(FLUSH)).isEqualTo(Duration.ofSeconds(1));
        assertThat(v.get(PORT)).isEqualTo(6379);
        assertThat(v.get(GENERATOR)).isTrue();
        assertThat(v.get(TOKEN)).isEqualTo("s3cret");
    }

    @Test
    void aSetValueOverridesTheDefaultAndABlankOneDoesNot() {
        ConfigDef.Values v = DEF.parse(WITH_TOKEN.with("speed.flush.interval", "250ms").with("redis.port", " 6380 ")
                .with("demo.generator.enabled", "off").with("serving.admin-token", "s3cret").with("redis.port", "6381"));

        assertThat(v.get(FLUSH)).isEqualTo(Duration.ofMillis(250));
        assertThat(v.get(PORT)).as("the last with() wins").isEqualTo(6381);
        assertThat(v.get(GENERATOR)).isFalse();
        assertThat(DEF.parse(WITH_TOKEN.with("redis.port", "  ")).get(PORT)).isEqualTo(6379);
    }

    @Test
    void aValueThatCannotBeReadNamesTheKeyAndTheValue() {
        assertThatThrownBy(() -> DEF.parse(WITH_TOKEN.with("redis.port", "sixty")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("redis.port: cannot read 'sixty' as int");
        assertThatThrownBy(() -> DEF.parse(WITH_TOKEN.with("demo.generator.enabled", "maybe")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("demo.generator.enabled: cannot read 'maybe' as boolean (expected true or false)");
    }

    @Test
    void aValueOutOfRangeNamesTheKeyTheValueAndTheRange() {
        assertThatThrownBy(() -> DEF.parse(WITH_TOKEN.with("speed.flush.interval", "10ms")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("speed.flush.interval: 10ms must be between 50ms and 1m");
        assertThatThrownBy(() -> DEF.parse(WITH_TOKEN.with("redis.port", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("redis.port: 70000 must be between 1 and 65535");
    }

    @Test
    void aRequiredKeyThatIsNotSetSaysWhereToSetIt() {
        assertThatThrownBy(() -> DEF.parse(Settings.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("serving.admin-token: required, but not set (set it in the config file or SILGEOM_SERVING_ADMIN_TOKEN)");
    }

    @Test
    void eachKeyHasOneEnvironmentVariable() {
        assertThat(FLUSH.envName()).isEqualTo("SILGEOM_SPEED_FLUSH_INTERVAL");
        assertThat(TOKEN.envName()).isEqualTo("SILGEOM_SERVING_ADMIN_TOKEN");
    }

    @Test
    void theEnvironmentOverridesTheFileAndAnExplicitOptionOverridesTheEnvironment() {
        Settings s = Settings.of(Map.of("redis.port", "6380", "serving.admin-token", "from-file"),
                Map.of("SILGEOM_REDIS_PORT", "6390", "PATH", "/usr/bin"));

        assertThat(DEF.parse(s).get(PORT)).isEqualTo(6390);
        assertThat(DEF.parse(s).get(TOKEN)).isEqualTo("from-file");
        assertThat(DEF.parse(s.with("redis.port", "6400")).get(PORT)).isEqualTo(6400);
    }

    @Test
    void aKeyIsDeclaredOnceAndReadOnlyThroughItsDef() {
        assertThatThrownBy(() -> ConfigDef.of(PORT, ConfigKey.integer("redis.port")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("config key declared twice: redis.port");
        assertThatThrownBy(() -> ConfigKey.string("Redis_Port"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Redis_Port");
        ConfigKey<String> other = ConfigKey.string("other.key").defaultValue("x");
        assertThatThrownBy(() -> DEF.parse(WITH_TOKEN).get(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other.key");
    }

    @Test
    void theReferenceTableListsEveryKeyMostImportantFirst() {
        String md = DEF.toMarkdown();

        assertThat(md).contains("| `speed.flush.interval` | duration | `1s` | medium | How often increments go to Redis. |");
        assertThat(md).contains("| `serving.admin-token` | string | (required) | high |");
        assertThat(md.indexOf("redis.port")).isLessThan(md.indexOf("speed.flush.interval"));
    }

    @Test
    void aProfileThenAFileAreLoadedAndAMissingFileIsAnError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("silgeom.properties");
        Files.writeString(file, "redis.port=6500\nserving.admin-token=t\n");

        Settings s = Settings.load(Settings.PROFILE_CLUSTER, file);

        assertThat(s.raw("hdfs.root")).hasValue("hdfs://namenode:8020/silgeom");
        assertThat(s.raw("redis.port")).hasValue("6500");
        assertThatThrownBy(() -> Settings.load(Settings.PROFILE_EMBEDDED, dir.resolve("nope.properties")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
        assertThatThrownBy(() -> Settings.load("staging", null))
                .isInstanceOf(ConfigException.class).hasMessage("profile must be embedded or cluster, got: staging");
    }

    @Test
    void theSharedCoreKeysHaveWorkingDefaults() {
        CoreConfig c = CoreConfig.from(Settings.empty());

        assertThat(c.articlesTopic()).isEqualTo("silgeom.articles");
        assertThat(c.dlqTopic()).isEqualTo("silgeom.articles.dlq");
        assertThat(c.redisPort()).isEqualTo(6379);
    }
}
