package io.silgeom.standalone.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.silgeom.core.text.filter.Label;
import io.silgeom.core.text.filter.LabelledText;

/**
 * Reads a labelled file for {@code silgeom filter}: UTF-8, header row, CSV ({@code .csv}, RFC 4180) or TSV
 * ({@code .tsv}, {@code .tab}).
 *
 * <p>Unlike {@code silgeom replay}, a TSV here honours double quotes around a whole field: labelled sets are
 * usually written by pandas, which quotes a field that holds a quote (kocohub's train.tsv has ten such rows). A
 * quote inside an unquoted field is still an ordinary character.
 */
final class FilterFileReader {
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true) // pandas' unnamed index column
            .get();
    private static final CSVFormat TSV = CSV.builder().setDelimiter('\t').get();

    private FilterFileReader() {
    }

    /** A labelled file's rows, and how many rows were skipped for an unmapped label (--ignore-unmapped). */
    record Rows(Path file, List<LabelledText> examples, long skipped) {
    }

    /**
     * @throws IllegalArgumentException for a usage problem: unknown extension, missing column, a label value
     *                                  missing from the mapping (named, with its line), a short row
     */
    static Rows read(Path file, List<String> textColumns, List<String> labelColumns, Map<String, Label> mapping,
                     boolean ignoreUnmapped) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
        }
        CSVFormat format = formatOf(file);
        List<LabelledText> examples = new ArrayList<>();
        long skipped = 0;
        try (InputStream in = Files.newInputStream(file);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
             CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames().stream().map(FilterFileReader::withoutBom).toList();
            int text = column(file, header, textColumns, "--text-col");
            int label = column(file, header, labelColumns, "--label-col");
            for (CSVRecord record : parser) {
                if (record.size() <= Math.max(text, label)) {
                    throw new IllegalArgumentException(file.getFileName() + " line " + parser.getCurrentLineNumber()
                            + ": the row has " + record.size() + " fields, the header " + header.size());
                }
                String value = record.get(label).strip();
                Label mapped = mapping.get(value);
                if (mapped == null) {
                    if (ignoreUnmapped) {
                        skipped++;
                        continue;
                    }
                    throw new IllegalArgumentException(file.getFileName() + " line "
                            + parser.getCurrentLineNumber() + ": label '" + value + "' is not in --labels ("
                            + String.join(", ", mapping.keySet()) + "); map it or pass --ignore-unmapped");
                }
                examples.add(new LabelledText(record.get(text), mapped));
            }
        } catch (UncheckedIOException e) {
            throw new IOException(file.getFileName() + ": " + e.getCause().getMessage(), e.getCause());
        }
        return new Rows(file, examples, skipped);
    }

    /** The distinct non-blank lines of a plain text file, each a clean example, in file order. */
    static Rows readCleanLines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file not found: " + file.toAbsolutePath());
        }
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        long skipped = 0;
        try (java.io.BufferedReader reader = new java.io.BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || !seen.add(line.strip())) {
                    skipped++;
                }
            }
        }
        List<LabelledText> examples = seen.stream().map(t -> new LabelledText(t, Label.CLEAN)).toList();
        return new Rows(file, examples, skipped);
    }

    static CSVFormat formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return TSV;
        }
        throw new IllegalArgumentException("cannot tell the format of " + file.getFileName()
                + " from its name: expected .csv, .tsv or .tab");
    }

    private static int column(Path file, List<String> header, List<String> candidates, String option) {
        for (String name : candidates) {
            int i = header.indexOf(name.strip());
            if (i >= 0) {
                return i;
            }
        }
        throw new IllegalArgumentException(option + " " + String.join(",", candidates) + ": no such column in "
                + file.getFileName() + " (columns: " + String.join(", ", header) + ")");
    }

    private static String withoutBom(String name) {
        return name.startsWith("\uFEFF") ? name.substring(1) : name;
    }
}
