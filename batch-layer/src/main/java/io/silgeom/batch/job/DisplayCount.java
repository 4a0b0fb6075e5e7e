package io.silgeom.batch.job;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * The view's output value: the count of distinct articles (social authors counted once) and the display form of the
 * keyword. {@link #toString()} is the last two columns of a batch view line ({@code display \t count}), so
 * {@code TextOutputFormat} writes the line as is.
 *
 * <p>The display form is the smallest one seen (code point order): unlike "first seen" it does not depend on how
 * Hadoop splits and combines, so two runs over the same data write the same view.
 */
public final class DisplayCount implements Writable {
    private long count;
    private final Text display = new Text();

    public void set(long newCount, Text newDisplay) {
        this.count = newCount;
        this.display.set(newDisplay);
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
    }

    @Override
    public void readFields(DataInput in) throws IOException {
        count = in.readLong();
        display.readFields(in);
    }

    @Override
    public String toString() {
        return display + "\t" + count;
    }
}
