package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import io.silgeom.core.text.filter.Evaluation;
import io.silgeom.core.text.filter.Label;

/**
 * Prints the evaluations: first the all-clean sets ({@code --clean-lines}) as the share flagged, then each labelled
 * file, then all labelled files together; with a labelled file the last line is always {@code macro-F1: …}.
 */
final class FilterEvaluations {
    private FilterEvaluations() {
    }

    record Named(String name, Evaluation evaluation) {
    }

    static void print(PrintWriter out, String what, List<Named> labelled, List<Named> cleanOnly) {
        for (Named e : cleanOnly) {
            Evaluation ev = e.evaluation();
            long offensive = ev.count(Label.CLEAN, Label.OFFENSIVE);
            long hate = ev.count(Label.CLEAN, Label.HATE);
            out.println("== " + what + " " + e.name() + " (every line clean) ==");
            out.printf(Locale.ROOT, "lines: %d, flagged: %d (%.1f %%): offensive %d, hate %d%n", ev.total(),
                    offensive + hate, ev.total() == 0 ? 0.0 : 100.0 * (offensive + hate) / ev.total(), offensive, hate);
        }
        Evaluation all = null;
        for (Named e : labelled) {
            out.println("== " + what + " " + e.name() + " ==");
            e.evaluation().report().forEach(out::println);
            all = all == null ? e.evaluation() : all.plus(e.evaluation());
        }
        if (labelled.size() > 1) {
            out.println("== " + what + " all labelled files ==");
            all.report().forEach(out::println);
        }
        out.flush();
    }
}
