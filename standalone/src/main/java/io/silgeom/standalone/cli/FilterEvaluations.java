package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.util.List;

import io.silgeom.core.text.filter.Evaluation;

/** Prints the evaluation of each file, then of all files together; the last line is always {@code macro-F1: …}. */
final class FilterEvaluations {
    private FilterEvaluations() {
    }

    record Named(String name, Evaluation evaluation) {
    }

    static void print(PrintWriter out, String what, List<Named> evaluations) {
        Evaluation all = null;
        for (Named e : evaluations) {
            out.println("== " + what + " " + e.name() + " ==");
            e.evaluation().report().forEach(out::println);
            all = all == null ? e.evaluation() : all.plus(e.evaluation());
        }
        if (evaluations.size() > 1) {
            out.println("== " + what + " all files ==");
            all.report().forEach(out::println);
        }
        out.flush();
    }
}
