package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The small parts of the generator: bursts, the daily cycle, the Zipf sampler, invalid records. */
class GeneratorPartsTest {
    private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void burstListsParseAndPrintBack() {
        String spec = "태풍@3m+15m*20,#WorldSeries@5m+12m*30,지진@2026-11-25T10:00:00Z+20m*25";

        List<Burst> bursts = Burst.parseList(spec);

        assertThat(bursts.get(0)).isEqualTo(Burst.after("태풍", Duration.ofMinutes(3), Duration.ofMinutes(15), 20));
        assertThat(bursts.get(1).hashtag()).isTrue();
        assertThat(bursts.get(1).phrase()).isEqualTo("World Series");
        assertThat(bursts.get(2).start()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(Burst.toSpec(bursts)).isEqualTo(spec);
        assertThat(Burst.parseList("none")).isEmpty();
        assertThatThrownBy(() -> Burst.parseList("태풍 at 3m")).hasMessageContaining("keyword@start+duration*multiplier");
        assertThatThrownBy(() -> Burst.parseList("태풍@3m+15m*0.5")).hasMessageContaining("at least 1");
    }

    @Test
    void aBurstRampsUpHoldsAndRampsDown() {
        Burst b = Burst.after("태풍", Duration.ofMinutes(10), Duration.ofMinutes(10), 5);

        assertThat(b.intensity(START.plus(Duration.ofMinutes(9)), START)).isZero();
        assertThat(b.intensity(START.plus(Duration.ofSeconds(630)), START)).isEqualTo(0.5);
        assertThat(b.intensity(START.plus(Duration.ofMinutes(15)), START)).isEqualTo(1.0);
        assertThat(b.intensity(START.plus(Duration.ofMinutes(20)), START)).isZero();
    }

    @Test
    void theDailyCyclePeaksAtMiddayKstAndAveragesOne() {
        DailyCycle cycle = new DailyCycle(0.5);

        assertThat(cycle.multiplier(Instant.parse("2026-11-25T04:00:00Z"))).isEqualTo(1.5);
        assertThat(cycle.multiplier(Instant.parse("2026-11-25T16:00:00Z"))).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        double sum = 0;
        for (int h = 0; h < 24; h++) {
            sum += cycle.multiplier(START.plus(Duration.ofHours(h)));
        }
        assertThat(sum / 24).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void zipfProbabilitiesSumToOneAndFallWithRank() {
        ZipfSampler z = new ZipfSampler(100, 1.1);
        double total = 0;
        for (int r = 0; r < 100; r++) {
            total += z.probability(r);
        }
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(z.probability(0) / z.probability(19)).isCloseTo(Math.pow(20, 1.1), org.assertj.core.data.Offset.offset(1e-6));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(z.sample(random)).isBetween(0, 99);
        }
    }

    @Test
    void eachInvalidKindBreaksItsRule() throws Exception {
        Article valid = new Article("syn-1", Source.NEWS, "kbs", null, "ko", START, "제목", "본문",
                "https://kbs.example.com/articles/syn-1");
        ObjectMapper mapper = new ObjectMapper();
        Set<InvalidRecords.Kind> seen = EnumSet.noneOf(InvalidRecords.Kind.class);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            InvalidRecords.Invalid bad = InvalidRecords.spoil(valid, random, START);
            seen.add(bad.kind());
            if (bad.kind() == InvalidRecords.Kind.MALFORMED_JSON) {
                assertThatThrownBy(() -> mapper.readTree(bad.value())).isNotNull();
                continue;
            }
            JsonNode n = mapper.readTree(bad.value());
            switch (bad.kind()) {
                case MISSING_ID -> assertThat(n.has("id")).isFalse();
                case UNKNOWN_SOURCE -> assertThat(n.get("source").asText()).isEqualTo("blog");
                case FUTURE_TIME -> assertThat(Instant.parse(n.get("publishedAt").asText())).isAfter(START.plus(Duration.ofMinutes(5)));
                case UNREADABLE_TIME -> assertThat(n.get("publishedAt").asText()).isEqualTo("yesterday");
                case NO_TEXT -> assertThat(n.get("title").asText()).isBlank();
                case BAD_URL_SCHEME -> assertThat(n.get("url").asText()).startsWith("ftp://");
                default -> throw new AssertionError(bad.kind());
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(InvalidRecords.Kind.values());
    }
}
