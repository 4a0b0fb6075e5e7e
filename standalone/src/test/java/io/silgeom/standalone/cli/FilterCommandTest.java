package io.silgeom.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.silgeom.core.text.filter.Label;
import io.silgeom.core.text.filter.LabelledText;
import picocli.CommandLine;

/** {@code silgeom filter train|eval} on tiny hand-made files: the forms scripts rely on, and the usage errors. */
class FilterCommandTest {
    private static final String KOREAN_STYLE_LABELS = "hate=hate,offensive=offensive,none=clean";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = SilgeomCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    /** A kocohub-like TSV: pandas quoting around a field that holds quotes. */
    private Path toyTsv() throws IOException {
        StringBuilder b = new StringBuilder("comments\tcontain_gender_bias\tbias\thate\n");
        for (int i = 0; i < 6; i++) {
            b.append("오늘 날씨가 정말 좋네요 ").append(i).append("\tFalse\tnone\tnone\n");
            b.append("닥쳐 이 멍청한 바보야 ").append(i).append("\tFalse\tnone\toffensive\n");
            b.append("조르그족은 벌레니까 추방해라 ").append(i).append("\tFalse\tothers\thate\n");
        }
        b.append("\"노라조 \"\"형\"\"이란 노래 좋아요\"\tFalse\tnone\tnone\n");
        Path file = dir.resolve("train.tsv");
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void tsvRowsAreReadWithPandasQuotingAndTheLabelMapping() throws IOException {
        FilterFileReader.Rows rows = FilterFileReader.read(toyTsv(), List.of("comments"), List.of("hate"),
                FilterDataOptions.parseMapping(List.of("hate=hate", "offensive=offensive", "none=clean")), false);

        assertThat(rows.examples()).hasSize(19);
        assertThat(rows.examples().get(0)).isEqualTo(new LabelledText("오늘 날씨가 정말 좋네요 0", Label.CLEAN));
        assertThat(rows.examples().get(18)).isEqualTo(new LabelledText("노라조 \"형\"이란 노래 좋아요", Label.CLEAN));
    }

    @Test
    void csvWithAnUnnamedIndexColumnNumericClassesAndAQuotedNewline() throws IOException {
        Path csv = dir.resolve("labeled_data.csv");
        Files.writeString(csv, ",count,class,tweet\n0,3,2,\"a nice day\nat the beach\"\n1,3,1,you idiot\n2,3,0,zorgs out\n",
                StandardCharsets.UTF_8);

        FilterFileReader.Rows rows = FilterFileReader.read(csv, List.of("comments", "tweet"), List.of("hate", "class"),
                FilterDataOptions.parseMapping(List.of("0=hate", "1=offensive", "2=clean")), false);

        assertThat(rows.examples()).containsExactly(new LabelledText("a nice day\nat the beach", Label.CLEAN),
                new LabelledText("you idiot", Label.OFFENSIVE), new LabelledText("zorgs out", Label.HATE));
    }

    @Test
    void aLabelValueMissingFromTheMappingIsAUsageErrorThatNamesIt() throws IOException {
        Path file = toyTsv();

        assertThat(run("filter", "eval", file.toString(), "--text-col", "comments", "--label-col", "hate",
                "--labels", "hate=hate,none=clean")).isEqualTo(2);
        assertThat(err.toString()).contains("label 'offensive' is not in --labels (hate, none)")
                .contains("--ignore-unmapped");
    }

    @Test
    void ignoreUnmappedSkipsThoseRowsAndSaysHowMany() throws IOException {
        Path file = toyTsv();

        assertThat(run("filter", "eval", file.toString(), "--text-col", "comments", "--label-col", "hate",
                "--labels", "hate=hate,none=clean", "--ignore-unmapped")).isZero();
        assertThat(err.toString()).contains("skipped 6 rows");
        assertThat(out.toString()).contains("examples: 13");
    }

    @Test
    void badMappingsColumnsAndExtensionsAreUsageErrors() throws IOException {
        Path file = toyTsv();
        assertThat(run("filter", "eval", file.toString(), "--text-col", "comments", "--label-col", "hate",
                "--labels", "hate=nasty")).isEqualTo(2);
        assertThat(err.toString()).contains("label must be clean, offensive or hate, got: nasty");

        assertThat(run("filter", "eval", file.toString(), "--text-col", "text", "--label-col", "hate",
                "--labels", KOREAN_STYLE_LABELS)).isEqualTo(2);
        assertThat(err.toString()).contains("--text-col text: no such column in train.tsv (columns: comments, "
                + "contain_gender_bias, bias, hate)");

        Path json = Files.writeString(dir.resolve("data.json"), "{}");
        assertThat(run("filter", "eval", json.toString(), "--text-col", "t", "--label-col", "l",
                "--labels", KOREAN_STYLE_LABELS)).isEqualTo(2);
        assertThat(err.toString()).contains("expected .csv, .tsv or .tab");
    }

    @Test
    void trainWritesAModelThatEvalReadsBackAndTheLastLineIsTheMacroF1() throws IOException {
        Path file = toyTsv();
        Path model = dir.resolve("model.gz");

        assertThat(run("filter", "train", file.toString(), "--text-col", "comments", "--label-col", "hate",
                "--labels", KOREAN_STYLE_LABELS, "--holdout", "0", "--buckets-log2", "12", "--out",
                model.toString())).isZero();
        assertThat(model).isNotEmptyFile();
        assertThat(outLines()).last().isEqualTo("no rows held out: nothing to evaluate");

        out.getBuffer().setLength(0);
        assertThat(run("filter", "eval", file.toString(), "--text-col", "comments", "--label-col", "hate",
                "--labels", KOREAN_STYLE_LABELS, "--model", model.toString())).isZero();
        assertThat(outLines()).contains("gold \\ predicted       clean offensive      hate",
                "clean                      7         0         0");
        assertThat(outLines()).last().isEqualTo("macro-F1: 1.000");
    }

    @Test
    void trainPrintsTheHeldOutEvaluationOfEachFileAndOfAllTogether() throws IOException {
        Path tsv = toyTsv();
        Path csv = dir.resolve("english.csv");
        StringBuilder b = new StringBuilder(",class,tweet\n");
        for (int i = 0; i < 20; i++) {
            b.append(i).append(",2,lovely sunny weather ").append(i).append('\n');
            b.append(i).append(",1,shut up you idiot ").append(i).append('\n');
        }
        Files.writeString(csv, b.toString(), StandardCharsets.UTF_8);

        assertThat(run("filter", "train", tsv.toString(), csv.toString(), "--text-col", "comments,tweet",
                "--label-col", "hate,class", "--labels", KOREAN_STYLE_LABELS + ",0=hate,1=offensive,2=clean",
                "--holdout", "0.3", "--seed", "3", "--buckets-log2", "12", "--out",
                dir.resolve("m.gz").toString())).isZero();

        assertThat(outLines()).contains("== held-out rows of train.tsv ==", "== held-out rows of english.csv ==",
                "== held-out rows of all labelled files ==");
        assertThat(outLines()).last().asString().matches("macro-F1: [01]\\.\\d{3}");
    }

    @Test
    void theDocumentedEvalFormUsesTheShippedModelWithoutModel() throws IOException {
        Path file = dir.resolve("news.tsv");
        Files.writeString(file, "comments\thate\n"
                + "The central bank kept interest rates unchanged on Thursday.\tnone\n"
                + "서울 지역에 내일 오전부터 비가 내릴 것으로 예상됩니다.\tnone\n", StandardCharsets.UTF_8);

        assertThat(run("filter", "eval", file.toString(), "--text-col", "comments", "--label-col", "hate",
                "--labels", KOREAN_STYLE_LABELS)).isZero();

        assertThat(outLines().get(0)).isEqualTo("model: shipped (content-filter.model.gz)");
        assertThat(outLines()).contains("clean                      2         0         0");
        assertThat(outLines()).last().asString().startsWith("macro-F1: ");
    }

    @Test
    void cleanLinesAreDistinctCleanExamplesReportedAsTheShareFlagged() throws IOException {
        Path titles = Files.writeString(dir.resolve("titles.txt"),
                "오늘 날씨가 맑습니다\n\n오늘 날씨가 맑습니다\n경기 결과 발표\n", StandardCharsets.UTF_8);
        assertThat(FilterFileReader.readCleanLines(titles).examples()).containsExactly(
                new LabelledText("오늘 날씨가 맑습니다", Label.CLEAN), new LabelledText("경기 결과 발표", Label.CLEAN));

        assertThat(run("filter", "eval", "--clean-lines", titles.toString())).isZero();
        assertThat(outLines()).last().asString().matches("lines: 2, flagged: \\d \\(\\d+\\.\\d %\\): offensive \\d, hate \\d");

        assertThat(run("filter", "eval")).isEqualTo(2);
        assertThat(err.toString()).contains("nothing to read");
        assertThat(run("filter", "eval", titles.toString(), "--label-col", "x", "--labels", "a=clean")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--text-col'");
    }

    @Test
    void filterAloneAsksForTrainOrEval() {
        assertThat(run("filter")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required subcommand: train or eval");
        assertThat(FilterDataOptions.parseMapping(List.of("0=hate", "2=CLEAN")))
                .isEqualTo(Map.of("0", Label.HATE, "2", Label.CLEAN));
    }
}
