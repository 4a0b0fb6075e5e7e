package io.silgeom.core.text.filter;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The model file: gzip of a big-endian header ({@code SGCF}, version, bucketsLog2, classes, max char n-gram,
 * quantisation step, the biases) then {@code 2^bucketsLog2 · 3} signed 16-bit weights, weight = q · step. Most
 * buckets hold small weights, which gzip squeezes well.
 */
final class ModelFile {
    private static final int MAGIC = 0x53474346; // "SGCF"
    /** 2: character n-grams hashed by fmix64 of the packed units (version 1 hashed their characters). */
    private static final int VERSION = 2;
    private static final int QUANT_MAX = Short.MAX_VALUE;

    private ModelFile() {
    }

    /** Rounds the weights in place to multiples of the step it returns, as the file will hold them. */
    static float quantize(float[] weights) {
        float maxAbs = 0;
        for (float w : weights) {
            maxAbs = Math.max(maxAbs, Math.abs(w));
        }
        float step = maxAbs == 0 ? 1f : maxAbs / QUANT_MAX;
        for (int i = 0; i < weights.length; i++) {
            weights[i] = dequantize(toQuant(weights[i], step), step);
        }
        return step;
    }

    private static short toQuant(float w, float step) {
        return (short) Math.max(-QUANT_MAX, Math.min(QUANT_MAX, Math.round(w / step)));
    }

    private static float dequantize(short q, float step) {
        return q * step;
    }

    static void write(ContentClassifier model, OutputStream target) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(target, 1 << 16);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(gzip, 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(model.bucketsLog2());
        out.writeInt(ContentClassifier.CLASSES);
        out.writeInt(TextFeatures.MAX_CHAR_GRAM);
        out.writeFloat(model.step());
        for (float b : model.bias()) {
            out.writeFloat(b);
        }
        for (float w : model.weights()) {
            out.writeShort(toQuant(w, model.step()));
        }
        out.flush();
        gzip.finish();
    }

    static ContentClassifier read(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source, 1 << 16), 1 << 16));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Silgeom content filter model (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("content filter model version " + version + " is not supported (expected "
                    + VERSION + ")");
        }
        int bucketsLog2 = in.readInt();
        int classes = in.readInt();
        int maxGram = in.readInt();
        if (bucketsLog2 < 4 || bucketsLog2 > 26 || classes != ContentClassifier.CLASSES
                || maxGram != TextFeatures.MAX_CHAR_GRAM) {
            throw new IOException("content filter model header does not match this code: 2^" + bucketsLog2
                    + " buckets, " + classes + " classes, char n-grams up to " + maxGram);
        }
        float step = in.readFloat();
        float[] bias = new float[classes];
        for (int c = 0; c < classes; c++) {
            bias[c] = in.readFloat();
        }
        float[] weights = new float[(1 << bucketsLog2) * classes];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = dequantize(in.readShort(), step);
        }
        return new ContentClassifier(bucketsLog2, weights, bias, step);
    }
}
