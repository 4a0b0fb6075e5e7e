package io.silgeom.ingest.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CSV/TSV reader's fast way ({@link DelimitedBytes}) gives every row exactly as commons-csv does: the header, then
 * per row the line number, the selected values, the problem and the raw text, and the same failure with the same
 * message. On the shared datasets, on tricky rows, on generated files (quoting, embedded line ends, empty fields,
 * Unicode, byte order marks, blank lines) with random damage, and on random byte soup, each read through a small buffer
 * fed a few bytes at a time so that rows and line ends cross refills.
 */
class DelimitedBytesTest {
    private static final Path DATA = Path.of("/work/shared/data");

    @Test
    void readsTheSharedDatasetsLikeCommonsCsv() throws IOException {
        Path crisislex = DATA.resolve("crisislex_tweets/crisislex_t6_tweets.csv");
        Path reuters = DATA.resolve("reuters21578/reuters21578.tsv");
        assumeTrue(Files.exists(crisislex) && Files.exists(reuters), "the shared datasets are not at " + DATA);
        List<Path> files = new ArrayList<>(List.of(crisislex, reuters));
        for (Path more : List.of(DATA.resolve("davidson_hate_offensive/labeled_data.csv"),
                DATA.resolve("kocohub_korean_hate_speech/test.no_label.tsv"))) {
            if (Files.exists(more)) {
                files.add(more);
            }
        }
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            InputFormat format = file.toString().endsWith(".tsv") ? InputFormat.TSV : InputFormat.CSV;
            Read fast = read(content, format, true, 1 << 16, null);
            Read capped = read(content, format, true, 1 << 10, null, 2048);
            assertThat(capped.rows).as("%s, long rows left to commons-csv", file).isEqualTo(fast.rows);
            Read slow = read(content, format, false, 0, null);
            assertThat(fast.rows).as(file.toString()).hasSizeGreaterThan(500).isEqualTo(slow.rows);
            assertThat(fast.fastToTheEnd).as("%s is read from the bytes to its end", file).isTrue();
        }
    }

    @Test
    void readsTrickyRowsLikeCommonsCsv() throws IOException {
        List<String> csv = List.of(
                "a,b,c\n1,2,3\n",
                "a,b,c\r\n1,2,3\r\n4,5,6",
                "a,b,c\r1,2,3\r4,5,6\r",
                "\uFEFFa,b,c\n1,2,3\n",
                "\uFEFF\uFEFFa,b\n1,2\n",
                "a,b\n\uFEFF1,2\n",
                "a,b\n\n\n1,2\n\r\n\r\n3,4\n\n",
                "\n\na,b\n1,2",
                "a,b\n1,\n,2\n,\n",
                "a,b\n1,",
                "a,b\n\"1\",\"2\"",
                "a,b\n\"\",\"\"\n",
                "a,b\n\"x,y\",\"line\nbreak\"\n\"cr\rin\",\"crlf\r\nin\"\n3,4\n",
                "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\"\"\n",
                "a,b\n\"quote at end\"\"\",x\n",
                "a,b\nab\"c,d\"e\n",
                "a,b\n \"lead space\",x\n",
                "a,b\n\"trail space\"  ,x\n\"tab\"\t,y\n\"vt\"\u000b\u000c\u001c\u001f,z\n",
                "a,b\n\"ws then eol\"   \r\n\"x\",\"ws at end\"   ",
                "a,b\n\"junk\"x,y\n3,4\n",
                "a,b\n1,2\n\"never closed,3\n4,5\n",
                "a,b\n1,2\n3,\"",
                "a,b\n\"ideographic space\"\u3000,x\n",
                "a,b\n\"nbsp\"\u00a0,x\n",
                "\"a\"x,b\n1,2\n",
                "\"a,b\n1,2\n",
                "a,a,,b\n1,2,3,4\n",
                ",b\n1,2\n",
                "",
                "\n\n",
                "a,b",
                "a,b\n",
                "a,b\n1,2,3\n4\n\n5,6\n",
                "a,b\n한국어,😀 emoji\n\"é, ü\",\"日本\n語\"\n",
                "a,b\n\u0000nul,x\n",
                "a;b\n1;2\n");
        for (String s : csv) {
            assertSame(s.getBytes(StandardCharsets.UTF_8), InputFormat.CSV);
            assertSame(s.getBytes(StandardCharsets.UTF_8), InputFormat.TSV);
            assertSame(s.replace(',', '\t').getBytes(StandardCharsets.UTF_8), InputFormat.TSV);
        }
        List<byte[]> malformed = List.of(
                bytes("a,b\n1,", 0xFF, "x\n"),
                bytes("a,b\n", 0xC3, ",", 0xA9, "\n"),
                bytes("a,b\n\"", 0xE2, 0x82, "\",", 0xE2, "\n"),
                bytes("a,b\n\"", 0xE2, "\"\"", 0x82, 0xAC, "\",x\n"),
                bytes("a,b\n", 0xED, 0xA0, 0x80, ",", 0xC0, 0x80, "\n"),
                bytes("a,b\n", 0xF0, 0x9F, 0x98, ",", 0xF4, 0x90, 0x80, 0x80, "\n"),
                bytes("a,b\n\"x\"", 0xC2, 0xA0, ",y\n"),
                bytes("a,b\n\"x\"", 0xE3, 0x80, ",y\n"),
                bytes(0xEF, 0xBB, "a,b\n1,2\n"),
                bytes(0xEF, 0xBB, 0xBF),
                bytes("a,b\n1,", 0xEF, 0xBB, 0xBF, "\n"));
        for (byte[] b : malformed) {
            assertSame(b, InputFormat.CSV);
            assertSame(b, InputFormat.TSV);
        }
    }

    @Test
    void readsValidTrickyRowsFromTheBytesToTheEnd() throws IOException {
        byte[] file = ("a,b\n\"x,y\",\"line\nbreak\"\n\"say \"\"hi\"\"\",  \n\"trail\"  ,x\n\n\n1,\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(read(file, InputFormat.CSV, true, 8, new Random(1)).fastToTheEnd).isTrue();
        byte[] broken = "a,b\n1,2\n\"junk\"x,y\n".getBytes(StandardCharsets.UTF_8);
        Read taken = read(broken, InputFormat.CSV, true, 8, new Random(1));
        assertThat(taken.fastToTheEnd).as("commons-csv took over").isFalse();
        assertThat(taken.rows).last().asString().startsWith("ERROR java.io.IOException CSV line 3: Invalid character");
    }

    @Test
    void aQuoteOpenedByMistakeDoesNotHoldTheRestOfTheFile() throws IOException {
        StringBuilder sb = new StringBuilder("id,title\n1,\"opened by mistake\n");
        for (int i = 2; i < 2_000; i++) {
            sb.append(i).append(",text of row ").append(i).append('\n');
        }
        byte[] file = sb.toString().getBytes(StandardCharsets.UTF_8);
        Read capped = read(file, InputFormat.CSV, true, 256, null, 4096);
        assertThat(capped.fastToTheEnd).isFalse();
        assertThat(capped.rows).isEqualTo(read(file, InputFormat.CSV, false, 0, null).rows);
        assertThat(capped.rows).last().asString().contains("EOF reached before encapsulated token finished");
    }

    @Test
    void readsGeneratedAndDamagedFilesLikeCommonsCsv() throws IOException {
        Random random = new Random(7);
        int fastToTheEnd = 0;
        for (int n = 0; n < 3000; n++) {
            byte[] file = generated(random);
            if (n % 3 == 1) {
                file = damaged(file, random);
            }
            InputFormat format = n % 5 == 0 ? InputFormat.TSV : InputFormat.CSV;
            if (format == InputFormat.TSV) {
                file = new String(file, StandardCharsets.UTF_8).replace(',', '\t').getBytes(StandardCharsets.UTF_8);
            }
            if (assertSame(file, format, random)) {
                fastToTheEnd++;
            }
        }
        assertThat(fastToTheEnd).as("most files are read from the bytes to their end").isGreaterThan(2000);
    }

    @Test
    void readsRandomBytesLikeCommonsCsv() throws IOException {
        Random random = new Random(11);
        String[] pieces = {"a", "bc", ",", "\"", "\"\"", "\r", "\n", "\r\n", " ", "\t", "\u000b", "\u001f", "é", "한",
                "😀", "\u3000", "\u2003", "\u00a0", "\uFEFF", "\uFFFD", "\u0000", "x,y", "\"q\""};
        int[][] bad = {{0xFF}, {0xC3}, {0xE2, 0x82}, {0xED, 0xA0, 0x80}, {0xF0, 0x9F}, {0xC0, 0x80}, {0x80},
                {0xEF, 0xBB, 0xBF}, {0xF4, 0x90, 0x80, 0x80}};
        for (int n = 0; n < 20_000; n++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int tokens = random.nextInt(40);
            for (int t = 0; t < tokens; t++) {
                if (random.nextInt(8) == 0) {
                    for (int b : bad[random.nextInt(bad.length)]) {
                        out.write(b);
                    }
                } else {
                    out.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            assertSame(out.toByteArray(), n % 4 == 0 ? InputFormat.TSV : InputFormat.CSV, random);
        }
    }

    /** A CSV with a header and rows of random fields; true when the fast way read it to the end. */
    private static byte[] generated(Random random) {
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(10) == 0) {
            sb.append('\uFEFF');
        }
        int columns = 1 + random.nextInt(6);
        String[] eols = {"\n", "\r\n", "\r"};
        String eol = eols[random.nextInt(3)];
        for (int c = 0; c < columns; c++) {
            sb.append(c == 0 ? "" : ",").append(field(random, "col" + c));
        }
        int rows = random.nextInt(30);
        for (int r = 0; r < rows; r++) {
            sb.append(random.nextInt(20) == 0 ? eols[random.nextInt(3)] : eol);
            if (random.nextInt(15) == 0) {
                sb.append(eol); // an empty line
            }
            int fields = random.nextInt(12) == 0 ? columns + random.nextInt(3) - 1 : columns;
            for (int c = 0; c < fields; c++) {
                sb.append(c == 0 ? "" : ",").append(field(random, null));
            }
        }
        if (random.nextBoolean()) {
            sb.append(eol);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String field(Random random, String name) {
        String[] words = {"", "plain", "two words", "한국어", "é", "😀", "2012-10-28T00:00:03Z", "1351382403", "a\"b",
                " ", "tab\there", "x,y", "line\nend", "cr\rlf\r\n", "\"\"", "\u3000", "\u0000"};
        String text = name != null ? name : words[random.nextInt(words.length)] + (random.nextBoolean() ? ""
                : words[random.nextInt(words.length)]);
        boolean needsQuotes = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        if (needsQuotes || random.nextInt(4) == 0) {
            String quoted = "\"" + text.replace("\"", "\"\"") + "\"";
            return random.nextInt(20) == 0 ? quoted + " " : quoted;
        }
        return text;
    }

    /** One to three random edits: a byte changed, inserted or removed. */
    private static byte[] damaged(byte[] file, Random random) {
        byte[] specials = {'"', ',', '\n', '\r', ' ', 'x', (byte) 0xFF, (byte) 0xC3, '\t'};
        List<Byte> b = new ArrayList<>();
        for (byte x : file) {
            b.add(x);
        }
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = b.isEmpty() ? 0 : random.nextInt(b.size());
            byte x = specials[random.nextInt(specials.length)];
            switch (random.nextInt(3)) {
                case 0 -> {
                    if (!b.isEmpty()) {
                        b.set(at, x);
                    }
                }
                case 1 -> b.add(at, x);
                default -> {
                    if (!b.isEmpty()) {
                        b.remove(at);
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static void assertSame(byte[] file, InputFormat format) throws IOException {
        assertSame(file, format, new Random(file.length));
    }

    /** Compares the two ways on {@code file}; true when the fast way read it to the end. */
    private static boolean assertSame(byte[] file, InputFormat format, Random random) throws IOException {
        Read slow = read(file, format, false, 0, null);
        Read fast = read(file, format, true, 8 + random.nextInt(24), random);
        assertThat(fast.rows).as("%s %s", format, printable(file)).isEqualTo(slow.rows);
        Read whole = read(file, format, true, 1 << 16, null);
        assertThat(whole.rows).as("%s %s in one buffer", format, printable(file)).isEqualTo(slow.rows);
        Read capped = read(file, format, true, 8, random, 16 + random.nextInt(48));
        assertThat(capped.rows).as("%s %s, long rows to commons-csv", format, printable(file)).isEqualTo(slow.rows);
        return fast.fastToTheEnd;
    }

    private record Read(List<String> rows, boolean fastToTheEnd) {
    }

    /**
     * Every row as text (line, problem, values of all header columns and one missing column, raw), or the failure.
     *
     * @param trickle null: the input as it comes; else reads of 1-7 bytes chosen with it
     */
    private static Read read(byte[] file, InputFormat format, boolean fast, int bufferSize, Random trickle)
            throws IOException {
        return read(file, format, fast, bufferSize, trickle, 64 << 20);
    }

    private static Read read(byte[] file, InputFormat format, boolean fast, int bufferSize, Random trickle,
                             int maxRecordBytes) throws IOException {
        List<String> rows = new ArrayList<>();
        long seed = trickle == null ? 0 : trickle.nextLong();
        RowReader.Input input = () -> {
            CountingInputStream counted = new CountingInputStream(new ByteArrayInputStream(file));
            return new RowReader.Opened(counted, trickle == null ? counted : new Trickle(counted, new Random(seed)));
        };
        DelimitedRowReader reader;
        try {
            reader = new DelimitedRowReader(input.open(), input, format, fast, bufferSize, maxRecordBytes);
        } catch (IOException e) {
            rows.add("ERROR at the header " + e.getClass().getName() + " " + e.getMessage());
            return new Read(rows, false);
        }
        try (reader) {
            rows.add("header " + reader.header());
            List<String> columns = new ArrayList<>(reader.header());
            columns.add("not-a-column");
            reader.select(columns);
            try {
                for (SourceRow row; (row = reader.next()) != null; ) {
                    StringBuilder sb = new StringBuilder().append(row.line()).append(" | ").append(row.problem());
                    for (int i = 0; i < columns.size(); i++) {
                        sb.append(" | ").append(row.value(i));
                    }
                    rows.add(sb.append(" | raw ").append(row.raw()).toString());
                }
            } catch (IOException e) {
                rows.add("ERROR " + e.getClass().getName() + " " + e.getMessage());
            }
            return new Read(rows, reader.readsBytes());
        }
    }

    /** Hands out the bytes a few at a time, as a slow network or pipe might. */
    private static final class Trickle extends FilterInputStream {
        private final Random random;

        Trickle(InputStream in, Random random) {
            super(in);
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
        }
    }

    private static String printable(byte[] file) {
        StringBuilder sb = new StringBuilder();
        for (byte b : file) {
            int c = b & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return sb.toString();
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            } else {
                out.write((Integer) p);
            }
        }
        return out.toByteArray();
    }
}
