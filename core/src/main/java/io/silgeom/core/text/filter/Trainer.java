package io.silgeom.core.text.filter;

import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multinomial logistic regression by AdaGrad: per-weight step {@code lr / sqrt(sum of squared gradients)}, so rare
 * n-grams keep large steps while frequent ones settle. L2 is applied lazily, to the weights an example touches.
 * Single-threaded and seeded: the same input gives the same model.
 */
final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int C = ContentClassifier.CLASSES;
    private static final double EPSILON = 1e-8;

    private Trainer() {
    }

    static ContentClassifier train(List<LabelledText> examples, TrainingOptions options) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        TextFeatures features = new TextFeatures(options.bucketsLog2());
        int n = examples.size();
        int[][] idx = new int[n][];
        int[] gold = new int[n];
        int[] perLabel = new int[C];
        for (int e = 0; e < n; e++) {
            idx[e] = features.indices(examples.get(e).text());
            gold[e] = examples.get(e).label().ordinal();
            perLabel[gold[e]]++;
        }
        double[] labelWeight = new double[C];
        for (int c = 0; c < C; c++) {
            labelWeight[c] = !options.balanceClasses() || perLabel[c] == 0 ? 1.0 : (double) n / (C * perLabel[c]);
        }
        float[] w = new float[features.buckets() * C];
        float[] g2 = new float[w.length];
        float[] bias = new float[C];
        double[] biasG2 = new double[C];
        double lr = options.learningRate();
        double l2 = options.l2();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(options.seed());
        double[] g = new double[C];
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            shuffle(order, random);
            double loss = 0;
            for (int e : order) {
                int[] x = idx[e];
                double scale = ContentClassifier.scale(x.length);
                double[] p = ContentClassifier.softmaxInPlace(ContentClassifier.logits(x, x.length, w, bias, scale));
                loss -= labelWeight[gold[e]] * Math.log(Math.max(p[gold[e]], 1e-12));
                for (int c = 0; c < C; c++) {
                    g[c] = labelWeight[gold[e]] * (p[c] - (c == gold[e] ? 1 : 0));
                    biasG2[c] += g[c] * g[c];
                    bias[c] -= (float) (lr * g[c] / Math.sqrt(biasG2[c] + EPSILON));
                }
                for (int i : x) {
                    int base = i * C;
                    for (int c = 0; c < C; c++) {
                        double grad = g[c] * scale + l2 * w[base + c];
                        g2[base + c] += (float) (grad * grad);
                        w[base + c] -= (float) (lr * grad / Math.sqrt(g2[base + c] + EPSILON));
                    }
                }
            }
            LOG.debug("epoch {}: mean weighted log-loss {}", epoch + 1, loss / n);
        }
        float step = ModelFile.quantize(w);
        return new ContentClassifier(options.bucketsLog2(), w, bias, step);
    }

    /** Fisher-Yates with the given random: reproducible. */
    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
