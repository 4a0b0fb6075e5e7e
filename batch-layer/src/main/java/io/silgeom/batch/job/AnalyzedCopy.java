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
 * Map output value of {@link KeywordHourlyJob}: one archived copy of an article, already analyzed in the map. Its
 * position (partition, offset), which decides which copy of a duplicate id counts, travels in the {@link CopyKey}.
 * Two wire forms, by the record it goes with:
 *
 * <ul>
 *   <li><b>summary</b> (id records): the outcome and, for a counted copy, its slice and unsafe keywords: where the copy
 *       would count, and what the first copy adds to the counters;</li>
 *   <li><b>full</b> (slice records of counted copies): the author and the keywords, what the slice's count needs (the
 *       slice itself is the key).</li>
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
    private static final int SUMMARY_FLAG = 0x10;

    private Outcome outcome = Outcome.AFTER_CUTOFF;
    private boolean summary;
    private int unsafeKeywords;
    private byte[] slice = new byte[32];
    private int sliceLength;
    private String author = "";
    private String[] canonical = new String[16];
    private String[] display = new String[16];
    private int keywords;
    private byte[] text = new byte[64];
    // The serialized form, built once per form and copy (the map writes the same summary once per reduce task) and
    // handed to Hadoop in one write.
    private final DataOutputBuffer serialized = new DataOutputBuffer(256);
    private int serializedAs = NONE;
    private static final int NONE = -1;

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
        serializedAs = NONE;
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
        serializedAs = NONE;
        unsafeKeywords++;
    }

    /** Which form {@link #write} writes: the summary (id records) or the full copy (slice records). */
    public void writeSummary(boolean summaryForm) {
        summary = summaryForm;
    }

    private void reset(Outcome newOutcome) {
        serializedAs = NONE;
        outcome = newOutcome;
        unsafeKeywords = 0;
        sliceLength = 0;
        author = "";
        keywords = 0;
    }

    /**
     * True when both copies count in the same place: the same outcome and, counted, the same slice. Copies of one id
     * that all agree need no look across slices: within its slice the first copy is the first copy overall.
     */
    public boolean sameDestination(AnalyzedCopy other) {
        return outcome == other.outcome && (outcome != Outcome.COUNTED
                || Arrays.equals(slice, 0, sliceLength, other.slice, 0, other.sliceLength));
    }

    /** Copies the summary of another instance (Hadoop reuses the value object while a reducer iterates). */
    public void setSummary(AnalyzedCopy other) {
        reset(other.outcome);
        summary = true;
        unsafeKeywords = other.unsafeKeywords;
        slice = ensure(slice, other.sliceLength);
        System.arraycopy(other.slice, 0, slice, 0, other.sliceLength);
        sliceLength = other.sliceLength;
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
        int form = summary ? SUMMARY_FLAG : 0;
        if (serializedAs != form) {
            serialized.reset();
            serialize(serialized);
            serializedAs = form;
        }
        out.write(serialized.getData(), 0, serialized.getLength());
    }

    private void serialize(DataOutput out) throws IOException {
        out.writeByte(outcome.ordinal() | (summary ? SUMMARY_FLAG : 0));
        if (outcome != Outcome.COUNTED) {
            return;
        }
        if (summary) {
            WritableUtils.writeVInt(out, unsafeKeywords);
            WritableUtils.writeVInt(out, sliceLength);
            out.write(slice, 0, sliceLength);
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
        reset(OUTCOMES[tag & ~SUMMARY_FLAG]);
        summary = (tag & SUMMARY_FLAG) != 0;
        if (outcome != Outcome.COUNTED) {
            return;
        }
        if (summary) {
            unsafeKeywords = WritableUtils.readVInt(in);
            sliceLength = WritableUtils.readVInt(in);
            slice = ensure(slice, sliceLength);
            in.readFully(slice, 0, sliceLength);
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
