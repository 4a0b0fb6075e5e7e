package io.silgeom.core.text.filter;

/**
 * Precision, recall and F1 of one class. A class never predicted has precision 0; a class never seen has recall 0
 * (scikit-learn's zero_division=0).
 */
public record ClassScores(double precision, double recall, double f1, long support) {
    static ClassScores of(long truePositives, long predicted, long actual) {
        double p = predicted == 0 ? 0 : (double) truePositives / predicted;
        double r = actual == 0 ? 0 : (double) truePositives / actual;
        double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
        return new ClassScores(p, r, f1, actual);
    }
}
