package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * Stage-1 map output value: one archived copy of an article, already analyzed in the map, with the Kafka position
 * that decides which copy of a duplicate id counts (the smallest {@code (partition, offset)}: the first copy). It
 * carries only what the count needs (slice, author, keywords), so the shuffle moves a few dozen bytes per keyword
 * instead of the raw line. Mutable and reused, as Hadoop Writables are.
 *
 * <p>A counted copy's slice, author and keywords travel as one encoded body that is decoded only when read: stage 1's
 * reduce, which only picks the first copy and passes it on keyed by its slice ({@link #sliceTo}), copies the bytes
 * without decoding a string.
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
    private int unsafeKeywords;
    // Decoded form (valid when decoded): what the map sets and stage 2 reads.
    private boolean decoded = true;
    private String slicePrefix = "";
    private String author = "";
    private String[] canonical = new String[16];
    private String[] display = new String[16];
    private int keywords;
    // Encoded form (valid when encoded): what the shuffle carries.
    private boolean encoded;
    private byte[] body = new byte[256];
    private int bodyLength;
    private final DataOutputBuffer encoder = new DataOutputBuffer();
    private final DataInputBuffer decoder = new DataInputBuffer();

    /** A copy whose event time is at or after T. */
    public void setAfterCutoff(int newPartition, long newOffset) {
        reset(newPartition, newOffset, Outcome.AFTER_CUTOFF);
    }

    /** A copy the content policy excludes. */
    public void setFiltered(int newPartition, long newOffset) {
        reset(newPartition, newOffset, Outcome.FILTERED);
    }

    /** A counted copy without keywords yet: add them with {@link #addKeyword} and {@link #addUnsafeKeyword}. */
    public void setCounted(int newPartition, long newOffset, String hourId, String lang, String source, String newAuthor) {
        reset(newPartition, newOffset, Outcome.COUNTED);
        slicePrefix = hourId + '\t' + lang + '\t' + source + '\t';
        author = newAuthor;
    }

    public void addKeyword(String canonicalForm, String displayForm) {
        decode();
        encoded = false;
        appendKeyword(canonicalForm, displayForm);
    }

    /** A keyword left out because the view's line format cannot carry it; counted for the first copy only. */
    public void addUnsafeKeyword() {
        unsafeKeywords++;
    }

    /** Copies another instance (Hadoop reuses the value object while a reducer iterates). */
    public void set(AnalyzedCopy other) {
        partition = other.partition;
        offset = other.offset;
        outcome = other.outcome;
        unsafeKeywords = other.unsafeKeywords;
        decoded = other.decoded;
        encoded = other.encoded;
        if (other.encoded) {
            setBody(other.body, other.bodyLength);
        }
        if (other.decoded) {
            slicePrefix = other.slicePrefix;
            author = other.author;
            keywords = 0;
            for (int i = 0; i < other.keywords; i++) {
                appendKeyword(other.canonical[i], other.display[i]);
            }
        }
    }

    private void reset(int newPartition, long newOffset, Outcome newOutcome) {
        partition = newPartition;
        offset = newOffset;
        outcome = newOutcome;
        unsafeKeywords = 0;
        slicePrefix = "";
        author = "";
        keywords = 0;
        decoded = true;
        encoded = false;
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

    public int unsafeKeywords() {
        return unsafeKeywords;
    }

    /** {@code hourId \t lang \t source \t}: the start of every view key of a counted copy. */
    public String slicePrefix() {
        decode();
        return slicePrefix;
    }

    /** Sets {@code key} to {@link #slicePrefix()}, from the encoded bytes when there are some. */
    public void sliceTo(Text key) throws IOException {
        if (!encoded) {
            key.set(slicePrefix);
            return;
        }
        decoder.reset(body, bodyLength);
        int length = WritableUtils.readVInt(decoder);
        key.set(body, decoder.getPosition(), length);
    }

    /** The social author counted at most once per keyword, language and hour; empty for none. */
    public String author() {
        decode();
        return author;
    }

    public int keywordCount() {
        decode();
        return keywords;
    }

    public String canonical(int i) {
        decode();
        return canonical[i];
    }

    public String display(int i) {
        decode();
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
        WritableUtils.writeVInt(out, unsafeKeywords);
        encode();
        WritableUtils.writeVInt(out, bodyLength);
        out.write(body, 0, bodyLength);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        reset(in.readInt(), in.readLong(), OUTCOMES[in.readByte()]);
        if (outcome != Outcome.COUNTED) {
            return;
        }
        unsafeKeywords = WritableUtils.readVInt(in);
        int length = WritableUtils.readVInt(in);
        if (body.length < length) {
            body = new byte[Math.max(length, body.length * 2)];
        }
        in.readFully(body, 0, length);
        bodyLength = length;
        encoded = true;
        decoded = false;
    }

    private void setBody(byte[] bytes, int length) {
        if (body.length < length) {
            body = new byte[Math.max(length, body.length * 2)];
        }
        System.arraycopy(bytes, 0, body, 0, length);
        bodyLength = length;
    }

    /** Body: slice prefix, author, then the keywords (canonical, and the display form unless the same). */
    private void encode() throws IOException {
        if (encoded) {
            return;
        }
        encoder.reset();
        writeString(encoder, slicePrefix);
        writeString(encoder, author);
        WritableUtils.writeVInt(encoder, keywords);
        for (int i = 0; i < keywords; i++) {
            writeString(encoder, canonical[i]);
            // Most display forms equal the canonical one: a flag instead of the same bytes twice.
            boolean same = display[i].equals(canonical[i]);
            encoder.writeBoolean(same);
            if (!same) {
                writeString(encoder, display[i]);
            }
        }
        setBody(encoder.getData(), encoder.getLength());
        encoded = true;
    }

    private void decode() {
        if (decoded) {
            return;
        }
        try {
            decoder.reset(body, bodyLength);
            slicePrefix = readString(decoder);
            author = readString(decoder);
            int n = WritableUtils.readVInt(decoder);
            keywords = 0;
            for (int i = 0; i < n; i++) {
                String c = readString(decoder);
                appendKeyword(c, decoder.readBoolean() ? c : readString(decoder));
            }
        } catch (IOException e) {
            throw new IllegalStateException("corrupt analyzed copy " + partition + "@" + offset, e);
        }
        decoded = true;
    }

    private void appendKeyword(String canonicalForm, String displayForm) {
        if (keywords == canonical.length) {
            canonical = Arrays.copyOf(canonical, keywords * 2);
            display = Arrays.copyOf(display, keywords * 2);
        }
        canonical[keywords] = canonicalForm;
        display[keywords] = displayForm;
        keywords++;
    }

    private static void writeString(DataOutput out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        WritableUtils.writeVInt(out, bytes.length);
        out.write(bytes);
    }

    private String readString(DataInputBuffer in) throws IOException {
        int length = WritableUtils.readVInt(in);
        int start = in.getPosition();
        in.skip(length);
        return length == 0 ? "" : new String(body, start, length, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(partition).append('@').append(offset).append(' ').append(outcome);
        if (outcome == Outcome.COUNTED) {
            sb.append(' ').append(slicePrefix().replace('\t', ' ')).append(author().isEmpty() ? "" : "by " + author() + " ");
            for (int i = 0; i < keywordCount(); i++) {
                sb.append(i == 0 ? "[" : ", ").append(canonical(i)).append('/').append(display(i));
            }
            sb.append(keywordCount() == 0 ? "[]" : "]");
        }
        return sb.toString();
    }
}
