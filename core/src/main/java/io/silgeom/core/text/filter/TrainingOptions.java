package io.silgeom.core.text.filter;

/**
 * How {@link ContentClassifier#train} fits a model.
 *
 * @param bucketsLog2     the feature space has 2^bucketsLog2 hashed buckets
 * @param epochs          passes over the (shuffled) training set
 * @param learningRate    AdaGrad's base step
 * @param l2              L2 penalty per update, applied to the weights an example touches
 * @param balanceClasses  weigh each example by N / (3 · n_label), so the rare label (hate) is not drowned out
 * @param seed            shuffling seed: the same data, options and seed give the same model, bit for bit
 */
public record TrainingOptions(int bucketsLog2, int epochs, double learningRate, double l2, boolean balanceClasses,
                              long seed) {
    public TrainingOptions {
        if (bucketsLog2 < 4 || bucketsLog2 > 26) {
            throw new IllegalArgumentException("bucketsLog2 must be in [4, 26], got " + bucketsLog2);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must not be negative, got " + l2);
        }
    }

    /** The options the shipped model was trained with. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(18, 8, 0.2, 1e-6, true, 1L);
    }

    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(bucketsLog2, epochs, learningRate, l2, balanceClasses, newSeed);
    }
}
