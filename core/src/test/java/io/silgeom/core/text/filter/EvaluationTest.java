package io.silgeom.core.text.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics, checked on a confusion matrix worked out by hand. */
class EvaluationTest {
    /**
     * gold \ predicted: clean offensive hate
     * clean               8      1        1
     * offensive           2      5        3
     * hate                0      4        6
     */
    private static Evaluation known() {
        Evaluation e = new Evaluation();
        add(e, Label.CLEAN, 8, 1, 1);
        add(e, Label.OFFENSIVE, 2, 5, 3);
        add(e, Label.HATE, 0, 4, 6);
        return e;
    }

    private static void add(Evaluation e, Label gold, int clean, int offensive, int hate) {
        for (int i = 0; i < clean; i++) {
            e.add(gold, Label.CLEAN);
        }
        for (int i = 0; i < offensive; i++) {
            e.add(gold, Label.OFFENSIVE);
        }
        for (int i = 0; i < hate; i++) {
            e.add(gold, Label.HATE);
        }
    }

    @Test
    void perLabelScoresReadTheRowsAndColumns() {
        ClassScores offensive = known().scores(Label.OFFENSIVE);
        // predicted offensive: 1 + 5 + 4 = 10, of which 5 right; gold offensive: 10
        assertThat(offensive.precision()).isCloseTo(0.5, within(1e-12));
        assertThat(offensive.recall()).isCloseTo(0.5, within(1e-12));
        assertThat(offensive.f1()).isCloseTo(0.5, within(1e-12));
        assertThat(offensive.support()).isEqualTo(10);
        ClassScores clean = known().scores(Label.CLEAN);
        assertThat(clean.precision()).isCloseTo(0.8, within(1e-12)); // 8 / (8 + 2 + 0)
        assertThat(clean.recall()).isCloseTo(0.8, within(1e-12));    // 8 / 10
    }

    @Test
    void theHeadlineMacroF1CollapsesHateAndOffensive() {
        Evaluation e = known();
        // flagged: gold 20, predicted 1+1+5+3+4+6 = 20, both flagged 5+3+4+6 = 18 → P = R = F1 = 0.9
        assertThat(e.binaryScores(true).f1()).isCloseTo(0.9, within(1e-12));
        // clean: P = 8/10, R = 8/10 → F1 0.8
        assertThat(e.binaryScores(false).f1()).isCloseTo(0.8, within(1e-12));
        assertThat(e.macroF1()).isCloseTo(0.85, within(1e-12));
        assertThat(e.threeClassMacroF1()).isCloseTo((0.8 + 0.5 + 0.6) / 3, within(1e-12));
    }

    @Test
    void aLabelNeverPredictedScoresZeroInsteadOfDividingByZero() {
        Evaluation e = new Evaluation();
        e.add(Label.HATE, Label.CLEAN);
        e.add(Label.CLEAN, Label.CLEAN);
        assertThat(e.scores(Label.HATE).precision()).isZero();
        assertThat(e.scores(Label.HATE).f1()).isZero();
        assertThat(e.scores(Label.OFFENSIVE).support()).isZero();
    }

    @Test
    void theReportEndsWithTheMacroF1LineScriptsRead() {
        List<String> report = known().report();
        assertThat(report.get(report.size() - 1)).isEqualTo("macro-F1: 0.850");
        assertThat(report).contains("offensive              0.500     0.500     0.500        10");
    }

    @Test
    void evaluationsOfTwoSetsAddUp() {
        Evaluation sum = known().plus(known());
        assertThat(sum.total()).isEqualTo(60);
        assertThat(sum.count(Label.HATE, Label.OFFENSIVE)).isEqualTo(8);
        assertThat(sum.macroF1()).isCloseTo(0.85, within(1e-12));
    }
}
