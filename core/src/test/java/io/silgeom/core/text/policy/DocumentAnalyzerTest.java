package io.silgeom.core.text.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.filter.Label;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The content policy as both views apply it, with the shipped model and lists: hate is excluded, offensive
 * articles lose their offensive words but still count, blocklisted words never become keywords.
 */
class DocumentAnalyzerTest {
    private static KeywordExtractor extractor;
    private static DocumentAnalyzer analyzer;

    @BeforeAll
    static void shippedPolicy() {
        extractor = KeywordExtractor.create();
        analyzer = DocumentAnalyzer.create(ContentPolicy.from(Settings.empty()), extractor);
    }

    @Test
    void aHatefulPostIsFilteredOutOfEveryCount() {
        Analysis a = analyzer.analyze(post("RT @x: BLOWIN SO MANY NIGGAS THEY SHOULD CALL ME HURRICANE SANDY KARDASHIAN."));

        assertThat(a.filtered()).isTrue();
        assertThat(a.label()).isEqualTo(Label.HATE);
        assertThat(a.keywords()).isEmpty();
        assertThat(a.lang()).isEqualTo("en");
    }

    @Test
    void anOffensivePostStillCountsButItsOffensiveWordsDoNot() {
        Article post = post("Damn this stupid storm, Sandy flooded the subway");
        Analysis a = analyzer.analyze(post);

        assertThat(a.filtered()).isFalse();
        assertThat(a.label()).isEqualTo(Label.OFFENSIVE);
        assertThat(canonical(extractor.analyze(post))).contains("damn", "stupid");
        assertThat(canonical(a)).contains("sandy", "storm", "subway").doesNotContain("damn", "stupid");
    }

    @Test
    void aCleanArticleKeepsMildWordsButNeverBlocklistedOnes() {
        Article news = article("Samsung shares rise on strong chip demand, bullshit say critics in hell of a week");
        Analysis a = analyzer.analyze(news);

        assertThat(a.filtered()).isFalse();
        assertThat(canonical(a)).contains("samsung", "chip").doesNotContain("bullshit");
    }

    @Test
    void aUserBlocklistExtendsTheShippedOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("blocklist.txt");
        Files.writeString(file, "# ours\nSamsung   # a brand we may not chart\n\n");
        DocumentAnalyzer withFile = DocumentAnalyzer.create(
                ContentPolicy.from(Settings.of(Map.of("content.filter.blocklist.file", file.toString()))), extractor);

        Analysis a = withFile.analyze(article("Samsung shares rise on strong chip demand"));

        assertThat(canonical(a)).contains("chip").doesNotContain("samsung");
        assertThat(withFile.blocklist().blocks("#samsung")).isTrue();
    }

    @Test
    void aMissingBlocklistFileIsAnErrorNotAnEmptyList(@TempDir Path dir) {
        ContentPolicy policy = ContentPolicy.from(Settings.of(Map.of("content.filter.blocklist.file",
                dir.resolve("nope.txt").toString())));

        assertThatThrownBy(() -> DocumentAnalyzer.create(policy, extractor))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("nope.txt");
    }

    @Test
    void withTheFilterOffEverythingCountsButTheBlocklistStillApplies() {
        DocumentAnalyzer off = DocumentAnalyzer.create(
                ContentPolicy.from(Settings.of(Map.of("content.filter.enabled", "false"))), extractor);

        Analysis hateful = off.analyze(post("RT @x: BLOWIN SO MANY NIGGAS THEY SHOULD CALL ME HURRICANE SANDY KARDASHIAN."));

        assertThat(hateful.filtered()).isFalse();
        assertThat(hateful.label()).isEqualTo(Label.CLEAN);
        assertThat(canonical(hateful)).contains("sandy").doesNotContain("nigga", "niggas");
    }

    @Test
    void aKoreanSlurIsBlockedInItsCanonicalForm() {
        Analysis a = analyzer.analyze(article("한남충 논란 확산, 손흥민 결승골"));

        assertThat(canonical(a)).contains("손흥민").doesNotContain("한남충");
    }

    private static Set<String> canonical(Analysis a) {
        return a.keywords().stream().map(Keyword::canonical).collect(Collectors.toSet());
    }

    private static Article post(String text) {
        return new Article("p", Source.SOCIAL, "x", "someone", null, Instant.parse("2024-05-01T10:00:00Z"), null, text, null);
    }

    private static Article article(String title) {
        return new Article("a", Source.NEWS, "yonhap", null, null, Instant.parse("2024-05-01T10:00:00Z"), title, null, null);
    }
}
