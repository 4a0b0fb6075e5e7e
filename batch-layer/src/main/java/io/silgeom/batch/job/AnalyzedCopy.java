package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * Map output value of {@link KeywordHourlyJob}: one archived copy of an article, already analyzed in the map (its
 * position, which decides which copy of a duplicate id counts, travels in the {@link CopyKey}), or a batch of copies'
 * ids. Two wire forms, by the record it goes with:
 *
 * <ul>
 *   <li><b>full</b> (slice records of counted copies): the author and the keywords, what the slice's count needs (the
 *       slice itself is the key);</li>
 *   <li><b>id batch</b> (id records): the entries of one bucket of a map task's copies, {@link IdBatches}, as bytes.</li>
 * </ul>
 *
 * Mutable and reused, as Hadoop Writables are.
 */
public final class AnalyzedCopy implements Writable {
    /** What the copy's analysis decided; only the first copy's outcome counts. */
    public enum Outcome {
        /** Event time before T and not filtered: its keywords count. */
        COUNTED,
        /** Event time at or after T: left to the speed view (not analyzed). */
        AFTER_CUTOFF,
        /** Before T but excluded by the content policy. */
        FILTERED
    }

    private static final Outcome[] OUTCOMES = Outcome.values();
    private static final int BATCH_TAG = 0x10;

    private Outcome outcome = Outcome.AFTER_CUTOFF;
    private boolean batch;
    private byte[] batchBytes = new byte[0];
    private byte[] readBuffer = new byte[0];
    private int batchLength;
    private int unsafeKeywords;
    private byte[] slice = new byte[32];
    private int sliceLength;
    private String author = "";
    private String[] canonical = new String[16];
    private String[] display = new String[16];
    private int keywords;
    private byte[] text = new byte[64];
    // The serialized full form, built once and handed to Hadoop in one write.
    private final DataOutputBuffer serialized = new DataOutputBuffer(256);
    private boolean serializedValid;

    /** A copy whose event time is at or after T. */
    public void setAfterCutoff() {
        reset(Outcome.AFTER_CUTOFF);
    }

    /** A copy the content policy excludes. */
    public void setFiltered() {
        reset(Outcome.FILTERED);
    }

    /** A counted copy without keywords yet: add them with {@link #addKeyword} and {@link #addUnsafeKeyword}. */
    public void setCounted(String hourId, String lang, String source, String newAuthor) {
        reset(Outcome.COUNTED);
        byte[] bytes = (hourId + '\t' + lang + '\t' + source + '\t').getBytes(StandardCharsets.UTF_8);
        slice = ensure(slice, bytes.length);
        System.arraycopy(bytes, 0, slice, 0, bytes.length);
        sliceLength = bytes.length;
        author = newAuthor;
    }

    public void addKeyword(String canonicalForm, String displayForm) {
        serializedValid = false;
        if (keywords == canonical.length) {
            canonical = Arrays.copyOf(canonical, keywords * 2);
            display = Arrays.copyOf(display, keywords * 2);
        }
        canonical[keywords] = canonicalForm;
        display[keywords] = displayForm;
        keywords++;
    }

    /** A keyword left out because the view's line format cannot carry it; counted for the first copy only. */
    public void addUnsafeKeyword() {
        serializedValid = false;
        unsafeKeywords++;
    }

    /**
     * Makes this value an id batch: {@code entries[0, length)} (not copied: written as they are by {@link #write}).
     */
    void setIdBatch(byte[] entries, int length) {
        reset(Outcome.AFTER_CUTOFF);
        batch = true;
        batchBytes = entries;
        batchLength = length;
    }

    /** True for an id batch: {@link #batchBytes()} up to {@link #batchLength()}. */
    boolean isIdBatch() {
        return batch;
    }

    byte[] batchBytes() {
        return batchBytes;
    }

    int batchLength() {
        return batchLength;
    }

    private void reset(Outcome newOutcome) {
        serializedValid = false;
        batch = false;
        outcome = newOutcome;
        unsafeKeywords = 0;
        sliceLength = 0;
        author = "";
        keywords = 0;
    }

    public Outcome outcome() {
        return outcome;
    }

    public int unsafeKeywords() {
        return unsafeKeywords;
    }

    /** The UTF-8 slice prefix {@code hourId\tlang\tsource\t} of a counted copy: valid up to {@link #sliceLength()}. */
    byte[] sliceBytes() {
        return slice;
    }

    int sliceLength() {
        return sliceLength;
    }

    /** {@code hourId \t lang \t source \t}: the start of every view key of a counted copy. */
    public String slicePrefix() {
        return new String(slice, 0, sliceLength, StandardCharsets.UTF_8);
    }

    /** The social author counted at most once per keyword, language and hour; empty for none. */
    public String author() {
        return author;
    }

    public int keywordCount() {
        return keywords;
    }

    public String canonical(int i) {
        return canonical[i];
    }

    public String display(int i) {
        return display[i];
    }

    @Override
    public void write(DataOutput out) throws IOException {
        if (batch) {
            out.writeByte(BATCH_TAG);
            WritableUtils.writeVInt(out, batchLength);
            out.write(batchBytes, 0, batchLength);
            return;
        }
        if (!serializedValid) {
            serialized.reset();
            serialize(serialized);
            serializedValid = true;
        }
        out.write(serialized.getData(), 0, serialized.getLength());
    }

    private void serialize(DataOutput out) throws IOException {
        out.writeByte(outcome.ordinal());
        if (outcome != Outcome.COUNTED) {
            return;
        }
        writeString(out, author);
        WritableUtils.writeVInt(out, keywords);
        for (int i = 0; i < keywords; i++) {
            writeString(out, canonical[i]);
            // Most display forms equal the canonical one: a flag instead of the same bytes twice.
            boolean same = display[i].equals(canonical[i]);
            out.writeBoolean(same);
            if (!same) {
                writeString(out, display[i]);
            }
        }
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        int tag = in.readByte();
        if (tag == BATCH_TAG) {
            int length = WritableUtils.readVInt(in);
            reset(Outcome.AFTER_CUTOFF);
            batch = true;
            readBuffer = ensure(readBuffer, length); // never the array a writer handed to setIdBatch
            in.readFully(readBuffer, 0, length);
            batchBytes = readBuffer;
            batchLength = length;
            return;
        }
        if (tag < 0 || tag >= OUTCOMES.length) {
            throw new IOException("corrupt copy: tag " + tag);
        }
        reset(OUTCOMES[tag]);
        if (outcome != Outcome.COUNTED) {
            return;
        }
        author = readString(in);
        int n = WritableUtils.readVInt(in);
        for (int i = 0; i < n; i++) {
            String c = readString(in);
            addKeyword(c, in.readBoolean() ? c : readString(in));
        }
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        WritableUtils.writeVInt(out, bytes.length);
        out.write(bytes);
    }

    private String readString(DataInput in) throws IOException {
        int length = WritableUtils.readVInt(in);
        if (length == 0) {
            return "";
        }
        text = ensure(text, length);
        in.readFully(text, 0, length);
        return new String(text, 0, length, StandardCharsets.UTF_8);
    }

    private static byte[] ensure(byte[] buffer, int length) {
        return buffer.length >= length ? buffer : new byte[Math.max(length, buffer.length * 2)];
    }

    @Override
    public String toString() {
        if (batch) {
            return "id batch of " + batchLength + " bytes";
        }
        StringBuilder sb = new StringBuilder().append(outcome);
        if (outcome == Outcome.COUNTED) {
            sb.append(' ').append(slicePrefix().replace('\t', ' ')).append(author.isEmpty() ? "" : "by " + author + " ");
            for (int i = 0; i < keywords; i++) {
                sb.append(i == 0 ? "[" : ", ").append(canonical[i]).append('/').append(display[i]);
            }
            sb.append(keywords == 0 ? "[]" : "]");
        }
        return sb.toString();
    }
}
