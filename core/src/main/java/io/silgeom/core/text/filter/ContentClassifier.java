package io.silgeom.core.text.filter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.silgeom.core.article.Article;

/**
 * The content filter: labels a text {@link Label#CLEAN clean}, {@link Label#OFFENSIVE offensive} or
 * {@link Label#HATE hate}. A multinomial logistic regression over hashed word and character n-gram features
 * ({@link TextFeatures}), trained with AdaGrad ({@link Trainer}); docs/content-filter.md has the figures.
 *
 * <p>Immutable and thread-safe: one instance serves every thread. {@link #shipped()} loads the model in the
 * resources once per class loader.
 */
public final class ContentClassifier {
    static final int CLASSES = Label.values().length;
    /** The shipped model, a classpath resource next to this class. */
    public static final String SHIPPED_RESOURCE = "content-filter.model.gz";

    private final TextFeatures features;
    private final int bucketsLog2;
    /** weights[bucket * CLASSES + label]: one cache line per feature occurrence. */
    private final float[] weights;
    private final float[] bias;
    /** Every weight is a multiple of this step (16-bit quantisation), so the file holds exactly what runs. */
    private final float step;

    ContentClassifier(int bucketsLog2, float[] weights, float[] bias, float step) {
        this.bucketsLog2 = bucketsLog2;
        this.features = new TextFeatures(bucketsLog2);
        if (weights.length != features.buckets() * CLASSES || bias.length != CLASSES) {
            throw new IllegalArgumentException("model of 2^" + bucketsLog2 + " buckets needs "
                    + features.buckets() * CLASSES + " weights and " + CLASSES + " biases, got " + weights.length
                    + " and " + bias.length);
        }
        this.weights = weights;
        this.bias = bias;
        this.step = step;
    }

    /** The model shipped in core's resources (see the NOTICE beside it); loaded on first use, then shared. */
    public static ContentClassifier shipped() {
        return Shipped.MODEL;
    }

    /** Reads a model file written by {@link #save(Path)}. */
    public static ContentClassifier load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return ModelFile.read(in);
        }
    }

    /** Reads a model from a stream in the format of {@link #save(Path)}; the stream is not closed. */
    public static ContentClassifier read(InputStream in) throws IOException {
        return ModelFile.read(in);
    }

    /** Fits a model to the examples; deterministic for the same examples (in the same order) and options. */
    public static ContentClassifier train(List<LabelledText> examples, TrainingOptions options) {
        return Trainer.train(examples, options);
    }

    /** Writes the model (gzip, a small header then 16-bit weights). */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out);
        }
    }

    /** Writes the model to a stream; the stream is not closed. */
    public void write(OutputStream out) throws IOException {
        ModelFile.write(this, out);
    }

    /** The article's title and body, judged as one text. */
    public Judgement judge(Article article) {
        return judge(article.text());
    }

    public Judgement judge(String text) {
        double[] p = probabilities(text);
        int best = 0;
        for (int c = 1; c < CLASSES; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return new Judgement(Label.values()[best], p[best]);
    }

    /** P(label | text), indexed by {@link Label#ordinal()}. */
    public double[] probabilities(String text) {
        Objects.requireNonNull(text, "text");
        TextFeatures.Indices idx = features.collect(text);
        double[] z = logits(idx.values(), idx.size(), weights, bias, scale(idx.size()));
        return softmaxInPlace(z);
    }

    int bucketsLog2() {
        return bucketsLog2;
    }

    float[] weights() {
        return weights;
    }

    float[] bias() {
        return bias;
    }

    float step() {
        return step;
    }

    TextFeatures features() {
        return features;
    }

    /** Every occurrence weighs 1/sqrt(n): long and short texts land on the same scale. */
    static double scale(int occurrences) {
        return occurrences == 0 ? 0 : 1.0 / Math.sqrt(occurrences);
    }

    static double[] logits(int[] idx, int size, float[] weights, float[] bias, double scale) {
        double z0 = 0;
        double z1 = 0;
        double z2 = 0;
        for (int k = 0; k < size; k++) {
            int base = idx[k] * CLASSES;
            z0 += weights[base];
            z1 += weights[base + 1];
            z2 += weights[base + 2];
        }
        return new double[] {bias[0] + scale * z0, bias[1] + scale * z1, bias[2] + scale * z2};
    }

    static double[] softmaxInPlace(double[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        for (int c = 0; c < z.length; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        for (int c = 0; c < z.length; c++) {
            z[c] /= sum;
        }
        return z;
    }

    /** Holder idiom: the resource is read once, on first use, and a missing resource fails loudly. */
    private static final class Shipped {
        static final ContentClassifier MODEL = loadShipped();

        private static ContentClassifier loadShipped() {
            try (InputStream in = ContentClassifier.class.getResourceAsStream(SHIPPED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the shipped content filter model " + SHIPPED_RESOURCE
                            + " is missing from the classpath");
                }
                return ModelFile.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the shipped content filter model", e);
            }
        }
    }
}
