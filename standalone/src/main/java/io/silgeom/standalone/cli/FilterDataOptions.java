package io.silgeom.standalone.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.silgeom.core.text.filter.Label;
import picocli.CommandLine.Option;

/** How to read a labelled file: which columns, and which file label means which filter label. */
final class FilterDataOptions {
    @Option(names = "--text-col", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Column holding the text. Several names: the first one the file's header has (so one "
                    + "command can read files with different headers, e.g. comments,tweet).")
    List<String> textColumns = new ArrayList<>();

    @Option(names = "--label-col", paramLabel = "NAME[,NAME...]", split = ",",
            description = "Column holding the label; several names as for --text-col.")
    List<String> labelColumns = new ArrayList<>();

    @Option(names = "--labels", paramLabel = "VALUE=LABEL[,...]", split = ",",
            description = "What each label value of the file means: clean, offensive or hate, e.g. "
                    + "hate=hate,offensive=offensive,none=clean or 0=hate,1=offensive,2=clean.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--ignore-unmapped",
            description = "Skip rows whose label value is not in --labels (counted and reported) instead of failing.")
    boolean ignoreUnmapped;

    @Option(names = "--clean-lines", paramLabel = "FILE",
            description = "A plain UTF-8 text file, one text per line, every line a clean example, e.g. news "
                    + "headlines (repeatable; blank and repeated lines are dropped). Reported on its own, as the share "
                    + "of lines flagged, and left out of the combined figures.")
    List<Path> cleanLines = new ArrayList<>();

    /** --text-col, --label-col and --labels are needed as soon as there is a labelled FILE. */
    void requireColumnsFor(List<Path> files) {
        if (files.isEmpty()) {
            if (cleanLines.isEmpty()) {
                throw new IllegalArgumentException("nothing to read: give a labelled FILE or --clean-lines FILE");
            }
            return;
        }
        for (var option : List.of(Map.entry("--text-col", textColumns), Map.entry("--label-col", labelColumns),
                Map.entry("--labels", labels))) {
            if (option.getValue().isEmpty()) {
                throw new IllegalArgumentException("Missing required option: '" + option.getKey()
                        + "' (needed to read " + files.get(0).getFileName() + ")");
            }
        }
    }

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
