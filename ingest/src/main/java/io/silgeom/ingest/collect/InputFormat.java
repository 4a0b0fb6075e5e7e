package io.silgeom.ingest.collect;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Formats {@link FileReplay} reads. Each may be gzip-compressed ({@code .gz} after the extension).
 *
 * <ul>
 *   <li>{@link #JSONL}: one JSON object per line; nested fields are addressed with dots
 *       ({@code --map author=user.screen_name}).</li>
 *   <li>{@link #CSV}: RFC 4180, header row, double-quote quoting; quoted fields may hold commas, quotes
 *       ({@code ""}) and newlines.</li>
 *   <li>{@link #TSV}: header row, fields split on TAB, <em>no</em> quoting (IANA text/tab-separated-values:
 *       fields hold no TAB or newline), so a {@code "} is an ordinary character.</li>
 * </ul>
 */
public enum InputFormat {
    JSONL,
    CSV,
    TSV;

    /**
     * The format a file name implies: {@code .jsonl}, {@code .ndjson}, {@code .json} → JSONL; {@code .csv} →
     * CSV; {@code .tsv}, {@code .tab} → TSV; each optionally followed by {@code .gz}.
     *
     * @throws IllegalArgumentException when the name says nothing; the message asks for {@code --format}
     */
    public static InputFormat fromFileName(Path file) {
        String name = stripGzip(file.getFileName().toString().toLowerCase(Locale.ROOT));
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "jsonl", "ndjson", "json" -> JSONL;
            case "csv" -> CSV;
            case "tsv", "tab" -> TSV;
            default -> throw new IllegalArgumentException("cannot tell the format of " + file.getFileName()
                    + " from its name; pass --format jsonl|csv|tsv");
        };
    }

    /** Reads the CLI form: {@code jsonl}, {@code csv}, {@code tsv}, any case. */
    public static InputFormat parse(String text) {
        for (InputFormat f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be jsonl, csv or tsv, got: " + text);
    }

    static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    private static String stripGzip(String name) {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
