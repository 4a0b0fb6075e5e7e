package io.silgeom.standalone.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.silgeom.core.text.filter.Label;
import picocli.CommandLine.Option;

/** How to read a labelled file: which columns, and which file label means which filter label. */
final class FilterDataOptions {
    @Option(names = "--text-col", required = true, paramLabel = "NAME[,NAME...]", split = ",",
            description = "Column holding the text. Several names: the first one the file's header has (so one "
                    + "command can read files with different headers, e.g. comments,tweet).")
    List<String> textColumns = new ArrayList<>();

    @Option(names = "--label-col", required = true, paramLabel = "NAME[,NAME...]", split = ",",
            description = "Column holding the label; several names as for --text-col.")
    List<String> labelColumns = new ArrayList<>();

    @Option(names = "--labels", required = true, paramLabel = "VALUE=LABEL[,...]", split = ",",
            description = "What each label value of the file means: clean, offensive or hate, e.g. "
                    + "hate=hate,offensive=offensive,none=clean or 0=hate,1=offensive,2=clean.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--ignore-unmapped",
            description = "Skip rows whose label value is not in --labels (counted and reported) instead of failing.")
    boolean ignoreUnmapped;

    /**
     * The --labels mapping, file value → label.
     *
     * @throws IllegalArgumentException naming the malformed entry
     */
    Map<String, Label> labelMapping() {
        return parseMapping(labels);
    }

    static Map<String, Label> parseMapping(List<String> entries) {
        Map<String, Label> mapping = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("--labels: expected VALUE=LABEL, got: " + entry);
            }
            String value = entry.substring(0, eq).strip();
            Label label;
            try {
                label = Label.parse(entry.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--labels " + entry + ": " + e.getMessage(), e);
            }
            Label previous = mapping.put(value, label);
            if (previous != null && previous != label) {
                throw new IllegalArgumentException("--labels maps " + value + " to both " + previous.wireName()
                        + " and " + label.wireName());
            }
        }
        return mapping;
    }
}
