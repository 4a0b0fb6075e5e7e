package io.silgeom.ingest.collect;

import java.util.Map;
import java.util.Objects;

/**
 * One input record before mapping.
 *
 * @param line    physical line number where the record starts (1 = first line of the file, the header)
 * @param raw     the record's text, for the dead-letter topic: a JSON line as it is; a CSV/TSV row printed
 *                again in its format (same fields, quoting normalised)
 * @param values  column → value; nested JSON fields under dotted names ({@code user.screen_name})
 * @param problem why the record could not even be split into columns (malformed JSON, wrong number of
 *                fields), or null
 */
record SourceRow(long line, String raw, Map<String, String> values, String problem) {
    SourceRow {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(values, "values");
    }

    static SourceRow broken(long line, String raw, String problem) {
        return new SourceRow(line, raw, Map.of(), Objects.requireNonNull(problem, "problem"));
    }
}
