package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.json.ArticleBytesWriter;
import io.silgeom.core.json.ArticleJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay's direct way ({@link RowMapping#startDirect}: the record written straight from the row's bytes) against
 * the defining way ({@link RowMapping#map}, then {@code ArticleJson.encode}), row by row on the same reader: every row
 * the direct way takes gives exactly the bytes and id the defining way gives (and maps there); every other row is left
 * to the defining way, which dead-letters it or encodes it as before. On the shared datasets (read where they are,
 * never copied into the project), their rows as JSON lines written two ways, the edge fuzz corpus as JSON lines and
 * CSV, and tricky rows.
 */
class DirectRowsTest {
    private static final Path DATA = Path.of("/work/shared/data");
    private static final Path REUTERS = DATA.resolve("reuters21578/reuters21578.tsv");
    private static final Path CRISISLEX = DATA.resolve("crisislex_tweets/crisislex_t6_tweets.csv");
    private static final Path KOREAN_TITLES = DATA.resolve("kocohub_korean_hate_speech/news_title/train.news_title.txt");
    /** Any shift will do: the direct way must write the time it is given as encode writes it. */
    private static final Duration SHIFT = Duration.ofSeconds(86_399, 123_000_000);

    @TempDir
    Path dir;

    /** What one file gave. */
    record Outcome(int rows, int direct, int declinedButMapped, int deadLetters, List<Article> mapped) {
    }

    @Test
    void sharedDatasetsGiveTheSameBytesEitherWay() throws Exception {
        assumeTrue(Files.isReadable(REUTERS) && Files.isReadable(CRISISLEX), "shared datasets not at " + DATA);
        Outcome reuters = compare(ReplayOptions.builder(REUTERS).format(InputFormat.TSV).map("id=newid")
                .map("publishedAt=date_iso").source(Source.NEWS).lang("en").build());
        assertThat(reuters.rows()).isEqualTo(21_578);
        assertThat(reuters.deadLetters()).isEqualTo(1);
        assertThat(reuters.direct()).isGreaterThan(21_000);

        Outcome crisislex = compare(ReplayOptions.builder(CRISISLEX).format(InputFormat.CSV).map("id=tweet_id")
                .map("publishedAt=created_at_utc").map("title=text").source(Source.SOCIAL).lang("en").build());
        assertThat(crisislex.rows()).isEqualTo(60_082);
        assertThat(crisislex.direct()).isGreaterThan(59_000);

        // The same articles as JSON lines: as the encoder writes them (escapes: \" \n \\uD83D...), and with every
        // non-ASCII char escaped by Jackson (\\u00e9, ...), so the direct way decodes escapes of both kinds.
        List<Article> all = new ArrayList<>(reuters.mapped());
        all.addAll(crisislex.mapped());
        ObjectMapper asciiOnly = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        for (UnaryOperator<byte[]> style : List.<UnaryOperator<byte[]>>of(json -> json, json -> reencode(json, asciiOnly))) {
            Path jsonl = dir.resolve("articles.jsonl");
            try (var out = Files.newOutputStream(jsonl)) {
                for (Article a : all) {
                    out.write(style.apply(ArticleJson.encode(a)));
                    out.write('\n');
                }
            }
            Outcome lines = compare(ReplayOptions.builder(jsonl).format(InputFormat.JSONL).build());
            assertThat(lines.rows()).isEqualTo(all.size());
            assertThat(lines.deadLetters()).isZero();
            assertThat(lines.direct()).isGreaterThan(all.size() * 99 / 100);
        }
    }

    @Test
    void koreanHeadlinesWithDoubledQuotesGiveTheSameBytesEitherWay() throws Exception {
        assumeTrue(Files.isReadable(KOREAN_TITLES), "shared datasets not at " + DATA);
        StringBuilder csv = new StringBuilder("publishedAt,title\n");
        int n = 0;
        for (String line : Files.readAllLines(KOREAN_TITLES, StandardCharsets.UTF_8)) {
            csv.append("2019-07-0").append(1 + n++ % 9).append("T10:00:00Z,").append(line).append('\n');
        }
        Path file = Files.writeString(dir.resolve("titles.csv"), csv, StandardCharsets.UTF_8);
        Outcome titles = compare(ReplayOptions.builder(file).source(Source.NEWS).build());
        assertThat(titles.rows()).isEqualTo(n);
        assertThat(titles.direct()).isEqualTo(n - titles.deadLetters() - titles.declinedButMapped());
        assertThat(titles.direct()).isGreaterThan(n * 99 / 100);
    }

    @Test
    void theEdgeFuzzCorpusGivesTheSameBytesOrGoesTheDefiningWay() throws Exception {
        List<EdgeFuzzCorpus.FuzzRecord> corpus = EdgeFuzzCorpus.build(7, 300, Instant.parse("2026-12-08T00:00:00Z"));
        Path jsonl = dir.resolve("fuzz.jsonl");
        try (var out = Files.newOutputStream(jsonl)) {
            for (EdgeFuzzCorpus.FuzzRecord r : corpus) {
                out.write(r.raw());
                out.write('\n');
            }
        }
        Outcome lines = compare(ReplayOptions.builder(jsonl).format(InputFormat.JSONL).build());
        // Most good records have an escape in the author (a quote), which only the defining way decodes.
        assertThat(lines.direct()).isPositive();
        assertThat(lines.deadLetters()).isPositive();

        // The good records' fields as CSV and TSV columns (TSV: only the rows without a TAB or line end in a field).
        List<Article> good = lines.mapped();
        String[] header = {"id", "source", "site", "author", "lang", "publishedAt", "title", "body", "url"};
        StringBuilder csv = new StringBuilder(String.join(",", header)).append("\r\n");
        StringBuilder tsv = new StringBuilder(String.join("\t", header)).append('\n');
        for (Article a : good) {
            Object[] fields = {a.id(), a.source().wireName(), a.site(), a.author(), a.lang(), a.publishedAt(),
                a.title(), a.body(), a.url()};
            CSVFormat.RFC4180.printRecord(csv, fields);
            String line = String.join("\t", java.util.Arrays.stream(fields).map(f -> f == null ? "" : f.toString()).toList());
            if (!line.contains("\n") && !line.contains("\r") && line.chars().filter(c -> c == '\t').count() == 8) {
                tsv.append(line).append('\n');
            }
        }
        Outcome fromCsv = compare(ReplayOptions.builder(Files.writeString(dir.resolve("fuzz.csv"), csv)).build());
        assertThat(fromCsv.direct()).isGreaterThanOrEqualTo(good.size() * 9 / 10);
        Outcome fromTsv = compare(ReplayOptions.builder(Files.writeString(dir.resolve("fuzz.tsv"), tsv)).build());
        assertThat(fromTsv.direct()).isPositive();
    }

    @Test
    void trickyRowsGiveTheSameBytesOrGoTheDefiningWay() throws Exception {
        byte[] csv = bytes("id,publishedAt,title,body,n\n",
                "a,2024-05-01T00:00:00Z,\" \u3000 \",\"\u2003\",1\n", // blank by Unicode spaces: absent
                "b,2024-05-01T00:00:00Z,\"\u00a0\",x,2\n", // no-break space is not white space: kept
                "c,2024-05-01T00:00:00Z,\"say \"\"hi\"\"\",\"line\r\nend\",3\n",
                "d,2024-05-01T00:00:00Z,emoji \uD83D\uDE00 \uD83C\uDDF0\uD83C\uDDF7,tab\there,4\n",
                "e,2024-05-01T00:00:00Z,bad ", new byte[] {(byte) 0xFF, (byte) 0xC3}, " byte,x,5\n",
                "f,2024-05-01T00:00:00Z,", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, ",,6\n",
                "g,not a time,t,b,7\n",
                "h,2024-05-01T00:00:00Z,,,8\n",
                "  i  ,2024-05-01 10:00:00,ctrl \u0001\u001f\u007f,\" \",9\n",
                "j,2024-05-01T00:00:00Z,\"\",\"\"\"\",10\n",
                "k,2024-05-01T00:00:00Z,a,b\n");
        Outcome rows = compare(ReplayOptions.builder(write("tricky.csv", csv)).source(Source.NEWS).map("title=title")
                .build());
        assertThat(rows.rows()).isEqualTo(11);
        assertThat(rows.deadLetters()).isEqualTo(2); // g and k
        assertThat(rows.declinedButMapped()).isEqualTo(2); // e and f: malformed UTF-8, U+FFFD the defining way
        assertThat(rows.direct()).isEqualTo(7);

        byte[] jsonl = bytes(
                "{\"id\":\"a\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":\"\\u0020\\t\"}\n",
                "{\"id\":\"b\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":\"x\\u0000\\ud800\\/\"}\n",
                "{\"id\":\"c\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":12,\"body\":true}\n",
                "{\"id\":\"d\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":null,\"body\":\"  \"}\n",
                "{\"id\":\"e\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":\"t\",\"title\":\"u\"}\n",
                "{\"id\":\"f\\n\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"body\":\"\\\"q\\\"\"}\n",
                "{\"id\":\"g\",\"source\":\"blog\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":\"t\"}\n",
                "{\"id\":\"h\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"title\":\"t\"} trailing\n",
                "{\"id\":\"i\",\"source\":\"news\",\"publishedAt\":1714521600,\"title\":{\"nested\":1}}\n",
                "{\"id\":\"j\",\"source\":\"news\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"body\":\"\\uD83D\\uDE00 ok\"}\n");
        Outcome lines = compare(ReplayOptions.builder(write("tricky.jsonl", jsonl)).build());
        assertThat(lines.rows()).isEqualTo(10);
        assertThat(lines.deadLetters()).isEqualTo(1); // g
        // Direct: a (blank title by escapes), b, d, h, j. Not: c (a number and a boolean as text), e (a name twice),
        // f (an escape in the id), i (an object where a text is mapped).
        assertThat(lines.direct()).isEqualTo(5);
    }

    /**
     * Reads each row both ways, from two readers: the direct way from one that hands title and body over as bytes,
     * the defining way ({@link RowMapping#map}) from one opened as before the direct way existed (plain
     * {@code select}, every field decoded as a string), so that a bug in the readers' byte handling cannot show on
     * both sides alike. Asserts they agree and counts.
     */
    private Outcome compare(ReplayOptions options) throws IOException {
        int rows = 0;
        int direct = 0;
        int declined = 0;
        int dead = 0;
        List<Article> mapped = new ArrayList<>();
        ArticleBytesWriter writer = new ArticleBytesWriter();
        try (RowReader reader = RowReader.open(options.file(), options.format());
             RowReader reference = RowReader.open(options.file(), options.format())) {
            RowMapping mapping = RowMapping.resolve(options, reader.header());
            reader.select(mapping.selectedColumns(), mapping.textOnlyColumns());
            RowMapping referenceMapping = RowMapping.resolve(options, reference.header());
            reference.select(referenceMapping.selectedColumns());
            SourceRow row;
            while ((row = reader.next()) != null) {
                rows++;
                SourceRow referenceRow = reference.next();
                assertThat(referenceRow).as("%s line %d: the reference reader ended first", options.file(), row.line())
                        .isNotNull();
                assertThat(referenceRow.line()).isEqualTo(row.line());
                byte[] json = null;
                String id = null;
                if (mapping.startDirect(row, writer)) {
                    Instant shifted = mapping.directTime().plus(SHIFT);
                    json = mapping.finishDirect(writer, shifted);
                    id = mapping.directId();
                }
                RowMapping.Result result = referenceMapping.map(referenceRow);
                if (result instanceof RowMapping.Mapped m) {
                    Article article = m.article().withPublishedAt(m.article().publishedAt().plus(SHIFT));
                    mapped.add(m.article());
                    if (json != null) {
                        direct++;
                        assertThat(new String(json, StandardCharsets.UTF_8)).as("%s line %d", options.file(), row.line())
                                .isEqualTo(ArticleJson.encodeToString(article));
                        assertThat(json).isEqualTo(ArticleJson.encode(article));
                        assertThat(id).isEqualTo(article.id());
                    } else {
                        declined++;
                    }
                } else {
                    assertThat(json).as("%s line %d: the direct way took a row that does not map", options.file(),
                            row.line()).isNull();
                    dead++;
                }
            }
            assertThat(reference.next()).as("%s: the reference reader has rows left", options.file()).isNull();
        }
        return new Outcome(rows, direct, declined, dead, mapped);
    }

    private static byte[] reencode(byte[] json, ObjectMapper mapper) {
        try {
            ObjectNode node = (ObjectNode) mapper.readTree(json);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
                mapper.writeTree(g, node);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            byte[] b = p instanceof byte[] raw ? raw : p.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }
}
