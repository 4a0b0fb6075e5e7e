package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The JSON-lines reader's streaming way gives every row exactly as the tree way does (line, values, problem, raw
 * text), on the edge fuzz corpus and on the cases where the two could part: repeated names, nesting, numbers,
 * byte order marks, NUL, malformed and overlong UTF-8, line ends, blank lines of Unicode spaces.
 */
class JsonLinesStreamingTest {
    private static final List<String> COLUMNS = List.of("id", "source", "publishedAt", "title", "body", "user.screen_name",
            "n", "flag", "a.b.c", "lang");

    @Test
    void theStreamingWayReadsTheFuzzCorpusLikeTheTree() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (EdgeFuzzCorpus.FuzzRecord r : EdgeFuzzCorpus.build(11, 200, Instant.parse("2026-11-25T12:00:00Z"))) {
            file.write(r.raw());
            file.write('\n');
        }
        List<String> streamed = rows(file.toByteArray(), true);
        assertThat(streamed).hasSizeGreaterThan(200).isEqualTo(rows(file.toByteArray(), false));
        try (JsonLinesRowReader reader = reader(file.toByteArray(), true)) {
            reader.select(COLUMNS);
            while (reader.next() != null) {
                // read them all
            }
            assertThat(reader.streamedLines()).as("the good records go the fast way").isGreaterThan(200);
        }
    }

    @Test
    void theStreamingWayReadsTheTrickyLinesLikeTheTree() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String s : List.of(
                "{\"id\":\"a\",\"title\":\"t\",\"publishedAt\":\"2024-05-01T00:00:00Z\",\"source\":\"news\"}",
                "{\"id\":\"a\",\"id\":\"b\"}",
                "{\"user\":{\"screen_name\":\"kim\",\"id\":3},\"user.screen_name\":\"literal\"}",
                "{\"user.screen_name\":\"literal\",\"user\":{\"screen_name\":\"kim\"}}",
                "{\"user\":{\"screen_name\":\"kim\"},\"user\":{\"x\":1}}",
                "{\"a\":{\"b\":{\"c\":\"deep\"}},\"a\":null}",
                "{\"a\":{\"b\":{\"c\":\"deep\",\"c\":\"twice\"}}}",
                "{\"x\":{\"y\":1,\"y\":2},\"id\":\"skip-dup\"}",
                "{\"n\":12,\"flag\":true,\"title\":null,\"body\":[1,2],\"id\":-0}",
                "{\"n\":1.3513824E9}", "{\"n\":1e400}", "{\"n\":123456789012345678901234567890}", "{\"n\":-9223372036854775808}",
                "{\"title\":\"\\u0000 escaped NUL, \\ud83d\\ude00 emoji, 한국어\"}",
                "\uFEFF{\"id\":\"bom-not-first-line\"}",
                "  {\"id\":\"leading spaces\"}", "{\"id\":\"trailing\"} garbage", "{\"id\":\"cut\"", "[1,2]", "null", "\"text\"",
                "{}", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":\"too deep\"}}}}}}}}}",
                "\u3000\u2003", "\u00a0", "\t \u000b\u001c", "{\"title\":\"tab\tinside\"}",
                // the grammar, for the flat way: each of these is malformed or read in its own way by the parser
                "{\"n\":012}", "{\"x\":012}", "{\"n\":-}", "{\"n\":1.}", "{\"n\":.5}", "{\"n\":1e}", "{\"n\":1e+}",
                "{\"n\":-01}", "{\"n\":00}", "{\"n\":1x}", "{\"n\":+1}", "{\"flag\":tru}", "{\"flag\":truex}",
                "{\"x\":nul}", "{\"x\":[1,]}", "{\"x\":[,1]}", "{\"id\":\"a\",}", "{,\"id\":\"a\"}", "{\"id\" \"a\"}",
                "{\"id\":\"a\" \"title\":\"b\"}", "{\"x\":\"bad \\x escape\"}", "{\"x\":\"\\u12G4\"}",
                "{\"id\":\"\\u00e9scaped\"}", "{\"x\":{\"y\":[{\"z\":[]}]},\"id\":\"nested-skip\"}",
                "{\"x\":{\"y\":01},\"id\":\"bad-inside\"}", "{\"x\":[\"a\" \"b\"],\"id\":\"c\"}", "{\"id\":\"a\"}}",
                "{\"id\":\"a\"} {\"id\":\"b\"}", "{\"n\":9223372036854775807}", "{\"n\":-9223372036854775809}",
                "{\"n\":1E5}", "{\"n\":0.0}", "{\"id\":\"\u00e9\",\"\u00e9\":1}", "{\"flag\":null,\"flag\":true}",
                "{\"id\"\t:\t\"tabs\"\t}", "{\"id\":\"\u007f\"}", "{\"\":\"empty name\"}", "{\"id\":1,\"source\":false}")) {
            lines.add(s.getBytes(StandardCharsets.UTF_8));
        }
        lines.add(bytes("{\"id\":\"", 0xC0, 0x80, "\"}")); // overlong NUL
        lines.add(bytes("{\"id\":\"", 0xED, 0xA0, 0x80, "\"}")); // a surrogate
        lines.add(bytes("{\"id\":\"", 0xE2, 0x82, "\"}")); // cut sequence
        lines.add(bytes("{\"id\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}")); // past U+10FFFF
        lines.add(bytes("{", 0, "\"id\":\"nul\"}")); // would look like UTF-16 to an auto-detecting parser
        lines.add(bytes("{\"id\":\"x\",\"title\":\"", 0xFF, "\"}"));

        for (String separator : List.of("\n", "\r\n", "\r")) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            for (byte[] line : lines) {
                file.write(line);
                file.write(separator.getBytes(StandardCharsets.US_ASCII));
            }
            file.write("{\"id\":\"last line without an end\"}".getBytes(StandardCharsets.UTF_8));
            List<String> streamed = rows(file.toByteArray(), true);
            assertThat(streamed).as("separator %s", separator.replace("\r", "CR").replace("\n", "LF"))
                    .hasSize(lines.size() - 1) // two blank lines skipped, the last line added
                    .isEqualTo(rows(file.toByteArray(), false));
        }
    }

    @Test
    void mutatedLinesReadTheSameEveryWay() throws IOException {
        List<String> seeds = List.of(
                "{\"id\":\"a1\",\"source\":\"news\",\"lang\":\"ko\",\"publishedAt\":\"2024-05-01T09:00:00+09:00\",\"title\":\"삼성전자 발표\",\"n\":12}",
                "{\"id\":\"t\\\"q\",\"body\":\"line\\nnext \\ud83d\\ude00\",\"flag\":false,\"extra\":[1,-2.5e3,{\"k\":null}],\"n\":-0}",
                "{ \"user\" : {\"screen_name\":\"kim\"}, \"id\":\"x\", \"a\":{\"b\":{\"c\":\"deep\"}}, \"title\":true }",
                "{\"id\":\"n\",\"n\":123456789012345678901,\"title\":\"\\/\\b\\f\\r\\t\\u00e9\",\"x\":{},\"y\":[]}");
        String alphabet = "{}[]\":,\\ \t0123456789-+.eEtrufalsn\u00e9ab/u";
        Random random = new Random(21);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int lines = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder line = new StringBuilder(seeds.get(n % seeds.size()));
            for (int k = random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = line.toString().replace("\n", " ").replace("\r", " ");
            file.write(text.getBytes(StandardCharsets.UTF_8));
            file.write('\n');
            lines++;
        }
        List<String> streamed = rows(file.toByteArray(), true);
        assertThat(streamed).hasSize(lines).isEqualTo(rows(file.toByteArray(), false));
        try (JsonLinesRowReader reader = reader(file.toByteArray(), true)) {
            reader.select(COLUMNS);
            while (reader.next() != null) {
                // read them all
            }
            assertThat(reader.flatLines()).as("flat lines").isGreaterThan(3_000);
            assertThat(reader.streamedLines() - reader.flatLines()).as("lines left to the parser").isGreaterThan(1_000);
        }
    }

    @Test
    void linesLongerThanTheBufferAndTerminatorsAcrossBufferEndsSplitLikeReadLine() throws IOException {
        Random random = new Random(3);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String body = "x".repeat(random.nextInt(i % 50 == 0 ? 300_000 : 700));
            String line = "{\"id\":\"" + i + "\",\"body\":\"" + body + "\"}";
            file.write(line.getBytes(StandardCharsets.UTF_8));
            file.write(random.nextBoolean() ? "\r\n".getBytes(StandardCharsets.US_ASCII) : new byte[] {'\n'});
            expected.add(line);
        }
        List<String> raws = new ArrayList<>();
        try (JsonLinesRowReader reader = reader(file.toByteArray(), true)) {
            reader.select(COLUMNS);
            for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                raws.add(row.raw());
            }
            assertThat(reader.streamedLines()).as("every line the fast way").isEqualTo(400);
        }
        assertThat(raws).isEqualTo(expected);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static JsonLinesRowReader reader(byte[] file, boolean streaming) {
        return new JsonLinesRowReader(new CountingInputStream(new ByteArrayInputStream(file)),
                new ByteArrayInputStream(file), streaming);
    }

    /** Every row rendered as one comparable string. */
    private static List<String> rows(byte[] file, boolean streaming) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonLinesRowReader reader = reader(file, streaming)) {
            reader.select(COLUMNS);
            for (SourceRow row = reader.next(); row != null; row = reader.next()) {
                String[] values = new String[COLUMNS.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.value(i);
                }
                out.add(row.line() + " | " + row.problem() + " | " + Arrays.toString(values) + " | " + row.raw());
            }
        }
        return out;
    }
}
