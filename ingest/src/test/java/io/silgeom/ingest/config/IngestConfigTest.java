package io.silgeom.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.config.ConfigException;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.Burst;
import io.silgeom.ingest.collect.GeneratorOptions;
import io.silgeom.ingest.publish.PublisherOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ingest and generator keys: defaults, overrides, and errors that name the key. */
class IngestConfigTest {

    @Test
    void defaultsGiveAGeneratorWithTwentyArticlesASecondAndThreeBursts() {
        GeneratorOptions g = IngestConfig.from(Settings.empty()).generatorOptions();

        assertThat(g.ratePerSecond()).isEqualTo(10.0);
        assertThat(g.duplicateShare()).isEqualTo(0.01);
        assertThat(g.invalidShare()).isZero();
        assertThat(g.bursts()).extracting(Burst::keyword).containsExactly("태풍", "#WorldSeries", "지진");
        assertThat(g.bursts().get(0).offset()).isEqualTo(Duration.ofMinutes(3));
        assertThat(IngestConfig.from(Settings.empty()).generatorBackfill()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void thePublisherTakesTopicsAndBootstrapFromCoreAndLingerFromIngest() {
        Settings settings = Settings.of(Map.of("ingest.linger", "20ms", "kafka.bootstrap.servers", "k1:9092"));

        PublisherOptions p = IngestConfig.from(settings).publisherOptions(CoreConfig.from(settings));

        assertThat(p.linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(p.bootstrap()).isEqualTo("k1:9092");
        assertThat(p.articlesTopic()).isEqualTo("silgeom.articles");
        assertThat(p.dlqTopic()).isEqualTo("silgeom.articles.dlq");
        assertThat(p.compression()).isEqualTo("lz4");
    }

    @Test
    void overridesAreReadAndBadValuesNameTheKey() {
        IngestConfig c = IngestConfig.from(Settings.of(Map.of("generator.rate", "55", "generator.bursts", "none",
                "generator.invalid.share", "0.05")));
        assertThat(c.generatorOptions().ratePerSecond()).isEqualTo(55.0);
        assertThat(c.generatorOptions().bursts()).isEmpty();
        assertThat(c.generatorOptions().invalidShare()).isEqualTo(0.05);

        assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of("generator.bursts", "태풍 soon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("generator.bursts");
        assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of("ingest.compression", "brotli"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.compression");
        assertThatThrownBy(() -> IngestConfig.from(Settings.of(Map.of("generator.duplicate.share", "0.3",
                "generator.invalid.share", "0.3"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at most 0.5");
    }

    @Test
    void everyKeyIsDocumented() {
        assertThat(IngestConfig.DEF.keys()).allSatisfy(k -> assertThat(k.doc()).as(k.name()).isNotBlank());
        assertThat(IngestConfig.DEF.toMarkdown()).contains("`generator.rate`", "`ingest.linger`");
    }
}
