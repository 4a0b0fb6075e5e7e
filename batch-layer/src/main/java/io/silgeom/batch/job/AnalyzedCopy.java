package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * Stage-1 map output value: one archived copy of an article, already analyzed in the map, with the Kafka position
 * that decides which copy of a duplicate id counts (the smallest {@code (partition, offset)}: the first copy). It
 * carries only what the count needs (hour, lang, source, author, keywords), so the shuffle moves a few dozen bytes
 * per keyword instead of the raw line. Mutable and reused, as Hadoop Writables are.
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

    private int partition;
    private long offset;
    private Outcome outcome = Outcome.AFTER_CUTOFF;
    private String hourId = "";
    private String lang = "";
    private String source = "";
    private String author = "";
    private int unsafeKeywords;
    private String[] canonical = new String[16];
    private String[] display = new String[16];
    private int keywords;
    private byte[] buffer = new byte[64]; // decoding scratch

    /** A copy whose event time is at or after T. */
    public void setAfterCutoff(int newPartition, long newOffset) {
        reset(newPartition, newOffset, Outcome.AFTER_CUTOFF);
    }

    /** A copy the content policy excludes. */
    public void setFiltered(int newPartition, long newOffset) {
        reset(newPartition, newOffset, Outcome.FILTERED);
    }

    /** A counted copy without keywords yet: add them with {@link #addKeyword} and {@link #addUnsafeKeyword}. */
    public void setCounted(int newPartition, long newOffset, String newHourId, String newLang, String newSource,
                           String newAuthor) {
        reset(newPartition, newOffset, Outcome.COUNTED);
        this.hourId = newHourId;
        this.lang = newLang;
        this.source = newSource;
        this.author = newAuthor;
    }

    public void addKeyword(String canonicalForm, String displayForm) {
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
        unsafeKeywords++;
    }

    /** Copies another instance (Hadoop reuses the value object while a reducer iterates); strings are shared. */
    public void set(AnalyzedCopy other) {
        reset(other.partition, other.offset, other.outcome);
        hourId = other.hourId;
        lang = other.lang;
        source = other.source;
        author = other.author;
        unsafeKeywords = other.unsafeKeywords;
        for (int i = 0; i < other.keywords; i++) {
            addKeyword(other.canonical[i], other.display[i]);
        }
    }

    private void reset(int newPartition, long newOffset, Outcome newOutcome) {
        partition = newPartition;
        offset = newOffset;
        outcome = newOutcome;
        hourId = "";
        lang = "";
        source = "";
        author = "";
        unsafeKeywords = 0;
        keywords = 0;
    }

    /** True when this copy was written to Kafka before {@code other}. */
    public boolean isBefore(AnalyzedCopy other) {
        return partition != other.partition ? partition < other.partition : offset < other.offset;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** {@code hourId \t lang \t source \t}: the start of every view key of a counted copy. */
    public String slicePrefix() {
        return hourId + '\t' + lang + '\t' + source + '\t';
    }

    /** The social author counted at most once per keyword, language and hour; empty for none. */
    public String author() {
        return author;
    }

    public int unsafeKeywords() {
        return unsafeKeywords;
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
        out.writeInt(partition);
        out.writeLong(offset);
        out.writeByte(outcome.ordinal());
        if (outcome != Outcome.COUNTED) {
            return;
        }
        writeString(out, hourId);
        writeString(out, lang);
        writeString(out, source);
        writeString(out, author);
        WritableUtils.writeVInt(out, unsafeKeywords);
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
        reset(in.readInt(), in.readLong(), OUTCOMES[in.readByte()]);
        if (outcome != Outcome.COUNTED) {
            return;
        }
        hourId = readString(in);
        lang = readString(in);
        source = readString(in);
        author = readString(in);
        unsafeKeywords = WritableUtils.readVInt(in);
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
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, buffer.length * 2)];
        }
        in.readFully(buffer, 0, length);
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(partition).append('@').append(offset).append(' ').append(outcome);
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
