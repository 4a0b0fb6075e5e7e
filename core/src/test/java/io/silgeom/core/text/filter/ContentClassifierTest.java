package io.silgeom.core.text.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on a toy set where each label has its own words; small feature space so it runs in milliseconds. */
class ContentClassifierTest {
    private static final TrainingOptions TOY = new TrainingOptions(12, 10, 0.3, 1e-6, true, 7);

    /** Clean texts talk about weather and sport, offensive ones swear, hateful ones attack a group. */
    static List<LabelledText> toySet() {
        String[] clean = {"sunny weather today", "the match was great", "lovely weather for the match",
            "오늘 날씨가 좋네요", "경기 정말 재밌었다", "great goal in the match", "날씨 맑음 경기 시작"};
        String[] offensive = {"shut up you idiot", "what a stupid idiot", "you are stupid", "닥쳐 이 바보야",
            "진짜 멍청이네", "stupid idiot shut up", "바보 멍청이 닥쳐"};
        String[] hate = {"those zorgs should be deported", "all zorgs are vermin", "deport the zorgs now",
            "조르그족은 다 추방해야 한다", "조르그족은 벌레다", "zorgs are vermin deport them", "벌레 같은 조르그족 추방"};
        List<LabelledText> out = new ArrayList<>();
        for (int i = 0; i < clean.length; i++) {
            out.add(new LabelledText(clean[i], Label.CLEAN));
            out.add(new LabelledText(offensive[i], Label.OFFENSIVE));
            out.add(new LabelledText(hate[i], Label.HATE));
        }
        return out;
    }

    @Test
    void learnsASeparableToySetIncludingUnseenSentencesWithItsWords() {
        ContentClassifier model = ContentClassifier.train(toySet(), TOY);

        assertThat(Evaluation.of(model, toySet()).macroF1()).isEqualTo(1.0);
        assertThat(model.judge("nice weather for a match").label()).isEqualTo(Label.CLEAN);
        assertThat(model.judge("you stupid idiot").label()).isEqualTo(Label.OFFENSIVE);
        assertThat(model.judge("deport all zorgs").label()).isEqualTo(Label.HATE);
        // sub-word features: the particle 은 glued to the noun still leaves the stem's n-grams
        assertThat(model.judge("조르그족은 추방").label()).isEqualTo(Label.HATE);
    }

    @Test
    void theScoreIsTheProbabilityOfTheLabel() {
        ContentClassifier model = ContentClassifier.train(toySet(), TOY);
        double[] p = model.probabilities("you stupid idiot");
        Judgement j = model.judge("you stupid idiot");

        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.score()).isEqualTo(p[Label.OFFENSIVE.ordinal()]).isGreaterThan(0.5);
    }

    @Test
    void trainingIsDeterministicForTheSameSeed() throws IOException {
        assertThat(bytes(ContentClassifier.train(toySet(), TOY)))
                .isEqualTo(bytes(ContentClassifier.train(toySet(), TOY)));
        assertThat(bytes(ContentClassifier.train(toySet(), TOY.withSeed(8))))
                .isNotEqualTo(bytes(ContentClassifier.train(toySet(), TOY)));
    }

    @Test
    void aSavedModelLoadsBackWithIdenticalScores(@TempDir Path dir) throws IOException {
        ContentClassifier model = ContentClassifier.train(toySet(), TOY);
        Path file = dir.resolve("sub/model.gz");
        model.save(file);
        ContentClassifier loaded = ContentClassifier.load(file);

        for (String text : List.of("the match", "바보", "zorgs", "", "완전히 새로운 문장 unseen words")) {
            assertThat(loaded.probabilities(text)).containsExactly(model.probabilities(text));
        }
    }

    @Test
    void aFileThatIsNotAModelIsRefusedWithAReason() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write("hello, not a model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> ContentClassifier.read(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("bad magic number");
    }

    @Test
    void oneInstanceServesManyThreadsWithTheSameAnswers() throws Exception {
        ContentClassifier model = ContentClassifier.train(toySet(), TOY);
        List<String> texts = toySet().stream().map(LabelledText::text).toList();
        List<Judgement> expected = texts.stream().map(model::judge).toList();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int round = 0; round < 50; round++) {
                    if (!texts.stream().map(model::judge).toList().equals(expected)) {
                        failures.add(new AssertionError("different judgement under concurrency"));
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
    }

    private static byte[] bytes(ContentClassifier model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        model.write(out);
        return out.toByteArray();
    }
}
