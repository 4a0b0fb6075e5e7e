package io.silgeom.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.filter.ContentClassifier;
import io.silgeom.core.text.filter.Evaluation;
import io.silgeom.core.text.filter.HoldoutSplit;
import io.silgeom.core.text.filter.Label;
import io.silgeom.core.text.filter.LabelledText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom filter eval FILE...}: labels every row with a model (the shipped one by default) and prints
 * precision, recall and F1 per label, the confusion matrix and, last, {@code macro-F1: 0.xxx} for hate-or-offensive
 * against clean. Exit 2 for bad usage, including a label value the mapping does not know.
 */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Evaluate a content filter model on labelled CSV/TSV files (UTF-8, header row); the last line "
                + "is 'macro-F1: 0.xxx' for hate-or-offensive vs clean.",
                "Example: silgeom filter eval train.tsv --text-col comments --label-col hate "
                        + "--labels hate=hate,offensive=offensive,none=clean"})
public final class FilterEvalCommand implements Callable<Integer> {
    /** How long --throughput measures each of the two models, after a warm-up of the same length. */
    private static final long MEASURE_NANOS = 2_000_000_000L;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Labelled files (.csv, .tsv or .tab).")
    List<Path> files = new ArrayList<>();

    @Mixin
    FilterDataOptions data;

    @Option(names = "--model", paramLabel = "PATH",
            description = "Model file written by 'silgeom filter train'; absent: the shipped model.")
    Path model;

    @Option(names = "--holdout", paramLabel = "FRACTION",
            description = "Evaluate only the rows 'silgeom filter train --holdout FRACTION --seed N' held out "
                    + "(the shipped model: 0.2, seed 1). Absent: every row.")
    Double holdout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the --holdout split (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--throughput",
            description = "Also measure texts/s on one thread, of the filter and, for comparison, of the keyword "
                    + "analysis, over the same texts.")
    boolean throughput;

    @Override
    public Integer call() throws IOException {
        HoldoutSplit split = holdout == null ? null : split(spec, holdout, seed);
        Map<String, Label> mapping = mapping(spec, data, files);
        ContentClassifier classifier = model == null ? ContentClassifier.shipped() : ContentClassifier.load(model);
        PrintWriter out = spec.commandLine().getOut();
        List<FilterEvaluations.Named> evaluations = new ArrayList<>();
        List<String> allTexts = new ArrayList<>();
        for (Path file : files) {
            FilterFileReader.Rows rows = read(spec, file, data, mapping);
            List<LabelledText> test = split == null ? rows.examples()
                    : rows.examples().stream().filter(x -> split.heldOut(x.text())).toList();
            evaluations.add(new FilterEvaluations.Named(file.getFileName().toString(),
                    Evaluation.of(classifier, test)));
            test.forEach(x -> allTexts.add(x.text()));
        }
        List<FilterEvaluations.Named> cleanOnly = new ArrayList<>();
        for (Path file : data.cleanLines) {
            FilterFileReader.Rows rows = readCleanLines(spec, file);
            List<LabelledText> test = split == null ? rows.examples()
                    : rows.examples().stream().filter(x -> split.heldOut(x.text())).toList();
            cleanOnly.add(new FilterEvaluations.Named(file.getFileName().toString(), Evaluation.of(classifier, test)));
            test.forEach(x -> allTexts.add(x.text()));
        }
        out.println("model: " + (model == null ? "shipped (" + ContentClassifier.SHIPPED_RESOURCE + ")" : model));
        if (throughput) {
            measure(out, classifier, allTexts);
        }
        FilterEvaluations.print(out, split == null ? "rows of" : "held-out rows of", evaluations, cleanOnly);
        return 0;
    }

    static HoldoutSplit split(CommandSpec spec, double fraction, long seed) {
        try {
            return new HoldoutSplit(fraction, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--holdout: " + e.getMessage(), e);
        }
    }

    static Map<String, Label> mapping(CommandSpec spec, FilterDataOptions data, List<Path> files) {
        try {
            data.requireColumnsFor(files);
            return data.labelMapping();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Reads one file; a usage problem in it (column, label value) becomes exit 2 with the reason. */
    static FilterFileReader.Rows read(CommandSpec spec, Path file, FilterDataOptions data, Map<String, Label> mapping)
            throws IOException {
        FilterFileReader.Rows rows;
        try {
            rows = FilterFileReader.read(file, data.textColumns, data.labelColumns, mapping, data.ignoreUnmapped);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (rows.skipped() > 0) {
            spec.commandLine().getErr().printf(Locale.ROOT, "%s: skipped %,d rows with a label not in --labels%n",
                    file.getFileName(), rows.skipped());
            spec.commandLine().getErr().flush();
        }
        return rows;
    }

    static FilterFileReader.Rows readCleanLines(CommandSpec spec, Path file) throws IOException {
        try {
            return FilterFileReader.readCleanLines(file);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--clean-lines: " + e.getMessage(), e);
        }
    }

    /** Texts/s on this thread, after a warm-up, of the filter and of the keyword analysis on the same texts. */
    private static void measure(PrintWriter out, ContentClassifier classifier, List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        List<Article> articles = new ArrayList<>(texts.size());
        Instant t = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < texts.size(); i++) {
            articles.add(new Article("t-" + i, Source.SOCIAL, null, null, null, t, null, texts.get(i), null));
        }
        KeywordExtractor extractor = KeywordExtractor.create();
        double filter = rate(articles, classifier::judge);
        double keywords = rate(articles, extractor::analyze);
        out.printf(Locale.ROOT, "throughput, one thread, %,d texts: content filter %,.0f texts/s; keyword analysis "
                + "%,.0f texts/s%n", texts.size(), filter, keywords);
    }

    private static double rate(List<Article> articles, Consumer<Article> work) {
        run(articles, work, MEASURE_NANOS); // warm-up: let the JIT compile the hot loop
        long start = System.nanoTime();
        long done = run(articles, work, MEASURE_NANOS);
        return done / ((System.nanoTime() - start) / 1e9);
    }

    private static long run(List<Article> articles, Consumer<Article> work, long nanos) {
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() - start < nanos) {
            for (Article a : articles) {
                work.accept(a);
            }
            done += articles.size();
        }
        return done;
    }

}
