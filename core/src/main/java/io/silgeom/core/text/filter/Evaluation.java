package io.silgeom.core.text.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix over the three labels and the scores read from it.
 *
 * <p>The headline figure, {@link #macroF1()}, is for the binary task the targets are stated for: <em>flagged</em>
 * (gold or predicted hate or offensive) against clean. Both labels are collapsed first, then
 * {@code macro-F1 = (F1(flagged) + F1(clean)) / 2}. Confusing hate with offensive does not lower it.
 */
public final class Evaluation {
    private static final int C = ContentClassifier.CLASSES;
    /** counts[gold][predicted] */
    private final long[][] counts = new long[C][C];

    public static Evaluation of(ContentClassifier model, List<LabelledText> examples) {
        Evaluation e = new Evaluation();
        for (LabelledText x : examples) {
            e.add(x.label(), model.judge(x.text()).label());
        }
        return e;
    }

    public void add(Label gold, Label predicted) {
        counts[gold.ordinal()][predicted.ordinal()]++;
    }

    /** This matrix plus another: the combined evaluation of two test sets. */
    public Evaluation plus(Evaluation other) {
        Evaluation sum = new Evaluation();
        for (int g = 0; g < C; g++) {
            for (int p = 0; p < C; p++) {
                sum.counts[g][p] = counts[g][p] + other.counts[g][p];
            }
        }
        return sum;
    }

    public long count(Label gold, Label predicted) {
        return counts[gold.ordinal()][predicted.ordinal()];
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long v : row) {
                t += v;
            }
        }
        return t;
    }

    /** One of the three labels against the other two. */
    public ClassScores scores(Label label) {
        int k = label.ordinal();
        long predicted = 0;
        long actual = 0;
        for (int i = 0; i < C; i++) {
            predicted += counts[i][k];
            actual += counts[k][i];
        }
        return ClassScores.of(counts[k][k], predicted, actual);
    }

    /** Scores of the binary task: {@code flagged = true} for hate-or-offensive, {@code false} for clean. */
    public ClassScores binaryScores(boolean flagged) {
        long tp = 0;
        long predicted = 0;
        long actual = 0;
        for (Label g : Label.values()) {
            for (Label p : Label.values()) {
                long n = count(g, p);
                boolean goldIn = g.flagged() == flagged;
                boolean predIn = p.flagged() == flagged;
                tp += goldIn && predIn ? n : 0;
                predicted += predIn ? n : 0;
                actual += goldIn ? n : 0;
            }
        }
        return ClassScores.of(tp, predicted, actual);
    }

    /** Macro-F1 of hate-or-offensive against clean: the mean of the two classes' F1. */
    public double macroF1() {
        return (binaryScores(true).f1() + binaryScores(false).f1()) / 2;
    }

    /** Mean F1 of the three labels (for information; the targets are stated on {@link #macroF1()}). */
    public double threeClassMacroF1() {
        double sum = 0;
        for (Label label : Label.values()) {
            sum += scores(label).f1();
        }
        return sum / C;
    }

    /**
     * The report {@code silgeom filter eval} prints: per-label scores, the confusion matrix, the binary scores and,
     * as the last line, {@code macro-F1: 0.xxx}.
     */
    public List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add("examples: " + total());
        lines.add(String.format(Locale.ROOT, "%-18s %9s %9s %9s %9s", "label", "precision", "recall", "f1", "support"));
        for (Label label : Label.values()) {
            lines.add(row(label.wireName(), scores(label)));
        }
        lines.add(String.format(Locale.ROOT, "3-class macro-avg F1: %.3f", threeClassMacroF1()));
        lines.add("confusion matrix (rows: gold, columns: predicted):");
        lines.add(String.format(Locale.ROOT, "%-18s %9s %9s %9s", "gold \\ predicted", "clean", "offensive", "hate"));
        for (Label g : Label.values()) {
            lines.add(String.format(Locale.ROOT, "%-18s %9d %9d %9d", g.wireName(), count(g, Label.CLEAN),
                    count(g, Label.OFFENSIVE), count(g, Label.HATE)));
        }
        lines.add("hate-or-offensive vs clean:");
        lines.add(row("hate-or-offensive", binaryScores(true)));
        lines.add(row("clean", binaryScores(false)));
        lines.add(String.format(Locale.ROOT, "macro-F1: %.3f", macroF1()));
        return lines;
    }

    private static String row(String name, ClassScores s) {
        return String.format(Locale.ROOT, "%-18s %9.3f %9.3f %9.3f %9d", name, s.precision(), s.recall(), s.f1(),
                s.support());
    }
}
