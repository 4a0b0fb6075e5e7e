package io.silgeom.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import io.silgeom.core.text.filter.ContentClassifier;
import io.silgeom.core.text.filter.Evaluation;
import io.silgeom.core.text.filter.HoldoutSplit;
import io.silgeom.core.text.filter.Label;
import io.silgeom.core.text.filter.LabelledText;
import io.silgeom.core.text.filter.TrainingOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom filter train FILE... --out PATH}: fits one model on the rows of all files except a held-out part
 * of each (chosen by a hash of the text, {@link HoldoutSplit}), writes it, and prints the evaluation on the held-out
 * rows of each file and of all files together (last line {@code macro-F1: 0.xxx}).
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Train a content filter model on labelled CSV/TSV files (UTF-8, header row), holding out part "
                + "of each file, and print the held-out evaluation.",
                "Example: silgeom filter train train.tsv labeled_data.csv --text-col comments,tweet "
                        + "--label-col hate,class --labels hate=hate,offensive=offensive,none=clean,0=hate,"
                        + "1=offensive,2=clean --out model.gz"})
public final class FilterTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Labelled files (.csv, .tsv or .tab).")
    List<Path> files = new ArrayList<>();

    @Mixin
    FilterDataOptions data;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Where to write the model file.")
    Path out;

    @Option(names = "--holdout", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Share of each file's texts kept out of training and evaluated on (default: "
                    + "${DEFAULT-VALUE}); 0 trains on everything and evaluates nothing.")
    double holdout;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the held-out split and of the training order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training rows (default: 8).")
    Integer epochs;

    @Option(names = "--buckets-log2", paramLabel = "N",
            description = "The model has 2^N hashed feature buckets (default: 18, a ~1.2 MB file).")
    Integer bucketsLog2;

    @Override
    public Integer call() throws IOException {
        HoldoutSplit split = FilterEvalCommand.split(spec, holdout, seed);
        Map<String, Label> mapping = FilterEvalCommand.mapping(spec, data, files);
        TrainingOptions defaults = TrainingOptions.defaults();
        TrainingOptions options = new TrainingOptions(bucketsLog2 == null ? defaults.bucketsLog2() : bucketsLog2,
                epochs == null ? defaults.epochs() : epochs, defaults.learningRate(), defaults.l2(),
                defaults.balanceClasses(), seed);
        PrintWriter console = spec.commandLine().getOut();
        List<LabelledText> training = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<List<LabelledText>> heldOut = new ArrayList<>();
        for (Path file : files) {
            FilterFileReader.Rows rows = FilterEvalCommand.read(spec, file, data, mapping);
            List<LabelledText> test = new ArrayList<>();
            for (LabelledText x : rows.examples()) {
                (split.heldOut(x.text()) ? test : training).add(x);
            }
            names.add(file.getFileName().toString());
            heldOut.add(test);
            console.printf(Locale.ROOT, "%s: %,d rows, %,d for training, %,d held out%n", file.getFileName(),
                    rows.examples().size(), rows.examples().size() - test.size(), test.size());
        }
        List<String> cleanNames = new ArrayList<>();
        List<List<LabelledText>> cleanHeldOut = new ArrayList<>();
        for (Path file : data.cleanLines) {
            FilterFileReader.Rows rows = FilterEvalCommand.readCleanLines(spec, file);
            List<LabelledText> test = new ArrayList<>();
            for (LabelledText x : rows.examples()) {
                (split.heldOut(x.text()) ? test : training).add(x);
            }
            cleanNames.add(file.getFileName().toString());
            cleanHeldOut.add(test);
            console.printf(Locale.ROOT, "%s: %,d distinct lines (all clean), %,d for training, %,d held out%n",
                    file.getFileName(), rows.examples().size(), rows.examples().size() - test.size(), test.size());
        }
        long start = System.nanoTime();
        ContentClassifier model = ContentClassifier.train(training, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        model.save(out);
        console.printf(Locale.ROOT, "trained on %,d rows in %.1f s (%s); model written to %s (%,d bytes)%n",
                training.size(), seconds, options, out, Files.size(out));
        if (split.fraction() == 0) {
            console.println("no rows held out: nothing to evaluate");
            console.flush();
            return 0;
        }
        List<FilterEvaluations.Named> evaluations = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            evaluations.add(new FilterEvaluations.Named(names.get(i), Evaluation.of(model, heldOut.get(i))));
        }
        List<FilterEvaluations.Named> cleanOnly = new ArrayList<>();
        for (int i = 0; i < cleanNames.size(); i++) {
            cleanOnly.add(new FilterEvaluations.Named(cleanNames.get(i), Evaluation.of(model, cleanHeldOut.get(i))));
        }
        FilterEvaluations.print(console, "held-out rows of", evaluations, cleanOnly);
        return 0;
    }
}
