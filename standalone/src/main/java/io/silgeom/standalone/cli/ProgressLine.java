package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import io.silgeom.ingest.collect.Progress;
import io.silgeom.ingest.collect.ProgressListener;

/**
 * Progress of a collector ({@code replay}, {@code generate}) on stderr, so stdout keeps only the summary a script
 * reads.
 *
 * <ul>
 *   <li>On a terminal: one line redrawn with {@code \r} at every report (a few times a second), ended with a newline
 *       by the final report:
 *       {@code replay [#########...........]  45.2%  12,345 published  3 dead-lettered  812 rec/s  ETA 1m02s}</li>
 *   <li>Otherwise (a log file, CI): the same text as a new line every {@link #LINE_EVERY}, and nothing for the final
 *       report, which the command prints as its summary.</li>
 * </ul>
 */
final class ProgressLine implements ProgressListener {
    static final Duration LINE_EVERY = Duration.ofSeconds(5);
    private static final int BAR_WIDTH = 20;

    private final String label;
    private final PrintWriter err;
    private final boolean terminal;
    private Duration lastLineAt = Duration.ZERO;
    private int lastWidth;

    ProgressLine(String label, PrintWriter err, boolean terminal) {
        this.label = Objects.requireNonNull(label, "label");
        this.err = Objects.requireNonNull(err, "err");
        this.terminal = terminal;
    }

    /** Redrawn in place when this process has a terminal ({@code System.console() != null}), else a line every 5 s. */
    static ProgressLine onStderr(String label, PrintWriter err) {
        return new ProgressLine(label, err, System.console() != null);
    }

    @Override
    public void onProgress(Progress p) {
        String text = label + " " + describe(p);
        if (terminal) {
            // Pad over the tail of a longer previous line: \r only moves the cursor.
            err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
            lastWidth = text.length();
            if (p.finished()) {
                err.println();
                lastWidth = 0;
            }
            err.flush();
            return;
        }
        if (p.elapsed().compareTo(lastLineAt) < 0) {
            lastLineAt = Duration.ZERO; // a new phase (generate: history, then live) starts its clock at 0
        }
        if (!p.finished() && p.elapsed().minus(lastLineAt).compareTo(LINE_EVERY) >= 0) {
            err.println(text);
            err.flush();
            lastLineAt = p.elapsed();
        }
    }

    /** The text of one report; the bar, percent and ETA only when the input size is known. */
    static String describe(Progress p) {
        StringBuilder s = new StringBuilder();
        double fraction = p.fraction();
        boolean sized = !Double.isNaN(fraction);
        if (sized) {
            int filled = (int) Math.floor(fraction * BAR_WIDTH);
            s.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%5.1f%%  ", fraction * 100));
        }
        s.append(String.format(Locale.ROOT, "%,d published", p.published()));
        if (sized || p.deadLettered() > 0) {
            s.append(String.format(Locale.ROOT, "  %,d dead-lettered", p.deadLettered()));
        }
        s.append(String.format(Locale.ROOT, "  %,.0f rec/s", p.recordsPerSecond()));
        if (p.finished()) {
            s.append("  done in ").append(humanDuration(p.elapsed()));
        } else if (sized && fraction > 0) {
            // Bytes, not rows, are what is known of the whole file; paced replays make this a rough guess.
            long remainingMs = Math.round(p.elapsed().toMillis() * (1 - fraction) / fraction);
            s.append("  ETA ").append(humanDuration(Duration.ofMillis(remainingMs)));
        } else {
            s.append("  elapsed ").append(humanDuration(p.elapsed()));
        }
        return s.toString();
    }

    /** {@code 850ms}, {@code 12s}, {@code 3m05s}, {@code 2h07m}. */
    static String humanDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return d.toMillis() + "ms";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
    }
}
