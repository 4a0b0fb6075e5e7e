package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * Stage-2 value: a count of distinct articles and the display form of the keyword, and for a social post with an
 * author, the author (empty otherwise): one author counts at most once per keyword, language and hour, so the sum
 * must know who wrote what until the reduce. {@link #toString()} is the last two columns of a batch view line
 * ({@code display \t count}), so {@code TextOutputFormat} writes the line as is.
 *
 * <p>Merging keeps the smallest display form (code point order): unlike "first seen" it does not depend on how
 * Hadoop splits and combines, so two runs over the same data write the same view.
 */
public final class DisplayCount implements Writable {
    private long count;
    private final Text display = new Text();
    private final Text author = new Text();

    /** A count of authorless articles. */
    public void set(long newCount, String newDisplay) {
        set(newCount, newDisplay, "");
    }

    /** A count of authorless articles. */
    public void set(long newCount, Text newDisplay) {
        this.count = newCount;
        this.display.set(newDisplay);
        this.author.clear();
    }

    /** One social author's mention ({@code newAuthor} non-empty, count 1) or a count of authorless articles. */
    public void set(long newCount, String newDisplay, String newAuthor) {
        this.count = newCount;
        this.display.set(newDisplay);
        this.author.set(newAuthor);
    }

    /** One social author's mention. */
    public void setAuthor(Text newDisplay, Text newAuthor) {
        this.count = 1;
        this.display.set(newDisplay);
        this.author.set(newAuthor);
    }

    /** The social author, or empty for a count of authorless articles. */
    public Text author() {
        return author;
    }

    public boolean hasAuthor() {
        return author.getLength() > 0;
    }

    public long count() {
        return count;
    }

    public Text display() {
        return display;
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(count);
        display.write(out);
        author.write(out);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        count = in.readLong();
        display.readFields(in);
        author.readFields(in);
    }

    @Override
    public String toString() {
        return display + "\t" + count;
    }
}
