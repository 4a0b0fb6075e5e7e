package io.silgeom.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A two-column table of labelled figures, printed as plain text (also valid Markdown when pasted). */
public final class FiguresTable {
    private final String title;
    private final List<String[]> rows = new ArrayList<>();

    public FiguresTable(String title) {
        this.title = title;
    }

    public FiguresTable row(String label, String format, Object... args) {
        rows.add(new String[] {label, String.format(Locale.ROOT, format, args)});
        return this;
    }

    public void print(PrintStream out) {
        int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(10);
        int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(10);
        out.println();
        out.println("## " + title);
        out.println();
        out.printf(Locale.ROOT, "| %-" + width + "s | %-" + valueWidth + "s |%n", "", "");
        out.println("|" + "-".repeat(width + 2) + "|" + "-".repeat(valueWidth + 2) + "|");
        for (String[] r : rows) {
            out.printf(Locale.ROOT, "| %-" + width + "s | %-" + valueWidth + "s |%n", r[0], r[1]);
        }
    }
}
