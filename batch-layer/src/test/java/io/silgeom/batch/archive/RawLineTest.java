package io.silgeom.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RawLineTest {
    private static final KafkaPosition POS = new KafkaPosition("silgeom.articles", 2, 41, Instant.parse("2024-05-01T09:00:00.123Z"));

    @Test
    void appendsTheKafkaPositionToTheRecordOnOneLine() throws IOException {
        byte[] line = RawLine.encode(bytes("{\n  \"id\": \"a1\",\n  \"score\": 1.50,\n  \"body\": \"line\\nbreak\"\n}"), POS);

        assertThat(new String(line, StandardCharsets.UTF_8)).isEqualTo(
                "{\"id\":\"a1\",\"score\":1.50,\"body\":\"line\\nbreak\",\"_kafka\":{\"topic\":\"silgeom.articles\","
                        + "\"partition\":2,\"offset\":41,\"timestamp\":\"2024-05-01T09:00:00.123Z\"}}");
        assertThat(RawLine.position(line, line.length)).isEqualTo(POS);
    }

    @Test
    void aKafkaFieldSentByTheProducerIsReplaced() throws IOException {
        byte[] line = RawLine.encode(bytes("{\"id\":\"a1\",\"_kafka\":{\"partition\":0,\"offset\":0}}"), POS);

        assertThat(RawLine.position(line, line.length)).isEqualTo(POS);
    }

    @Test
    void aLineWithoutACompleteKafkaFieldIsRejected() {
        byte[] noField = bytes("{\"id\":\"a1\"}");
        byte[] noOffset = bytes("{\"id\":\"a1\",\"_kafka\":{\"topic\":\"t\",\"partition\":0,\"timestamp\":\"2024-05-01T09:00:00Z\"}}");

        assertThatThrownBy(() -> RawLine.position(noField, noField.length)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RawLine.position(noOffset, noOffset.length)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> RawLine.encode(bytes("[1,2]"), POS)).isInstanceOf(IOException.class);
    }

    @Test
    void readsTheLastKafkaFieldAsATreeWouldAndRejectsLinesThatAreNotJson() throws IOException {
        String kafka = "\"_kafka\":{\"topic\":\"silgeom.articles\",\"partition\":2,\"offset\":41,"
                + "\"timestamp\":\"2024-05-01T09:00:00.123Z\"}";
        byte[] nested = bytes("{\"id\":\"a1\",\"meta\":{\"_kafka\":{\"partition\":9}},\"tags\":[{\"a\":[1,2]}]," + kafka + "}");
        byte[] twice = bytes("{\"_kafka\":{\"topic\":\"x\",\"partition\":0,\"offset\":0,\"timestamp\":\"2024-01-01T00:00:00Z\"},"
                + kafka + "}");
        byte[] lastWrong = bytes("{" + kafka + ",\"_kafka\":\"forged\"}");
        byte[] tooBig = bytes("{" + kafka.replace("\"partition\":2", "\"partition\":2147483648") + "}");
        byte[] brokenAfter = bytes("{" + kafka + ",\"body\":\"unterminated}");
        byte[] notAnObject = bytes("[" + kafka.substring(kafka.indexOf('{')) + "]");

        assertThat(RawLine.position(nested, nested.length)).isEqualTo(POS);
        assertThat(RawLine.position(twice, twice.length)).isEqualTo(POS);
        for (byte[] bad : new byte[][] {lastWrong, tooBig, brokenAfter, notAnObject, bytes("")}) {
            assertThatThrownBy(() -> RawLine.position(bad, bad.length)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void readsTheArchiversLayoutFromTheEndAndLeavesAnythingElseToTheFullParse() throws IOException {
        byte[] encoded = RawLine.encode(bytes("{\"id\":\"a1\",\"title\":\"say \\\"_kafka\\\":{}\"}"), POS);
        String kafka = "\"_kafka\":{\"topic\":\"silgeom.articles\",\"partition\":2,\"offset\":41,"
                + "\"timestamp\":\"2024-05-01T09:00:00.123Z\"}";
        byte[] nested = bytes("{\"id\":\"a1\",\"meta\":{" + kafka + "}}");
        byte[] notLast = bytes("{" + kafka + ",\"id\":\"a1\"}");
        byte[] inAnArray = bytes("{\"tags\":[{" + kafka + "}]}");
        byte[] trailingSpace = bytes("{\"id\":\"a1\"," + kafka + "} \r\n");
        byte[] spacedName = bytes("{\"id\":\"a1\", " + kafka.replace("\"_kafka\":{", "\"_kafka\" : {") + "}");

        assertThat(RawLine.trailingPosition(encoded, encoded.length)).hasValue(POS);
        assertThat(RawLine.trailingPosition(trailingSpace, trailingSpace.length)).hasValue(POS);
        assertThat(RawLine.trailingPosition(spacedName, spacedName.length)).isEmpty();
        assertThat(RawLine.position(spacedName, spacedName.length)).isEqualTo(POS);
        assertThat(RawLine.trailingPosition(nested, nested.length)).isEmpty();
        assertThat(RawLine.trailingPosition(inAnArray, inAnArray.length)).isEmpty();
        // Not the archiver's layout, but the full parse still finds the record's own field.
        assertThat(RawLine.trailingPosition(notLast, notLast.length)).isEmpty();
        assertThat(RawLine.position(notLast, notLast.length)).isEqualTo(POS);
        // Only the end is read: a broken record is the full parse's (and the validator's) to reject.
        byte[] brokenBefore = bytes("{\"id\":\"a1\",\"x\":tru," + kafka + "}");
        assertThat(RawLine.trailingPosition(brokenBefore, brokenBefore.length)).hasValue(POS);
        assertThatThrownBy(() -> RawLine.position(brokenBefore, brokenBefore.length)).isInstanceOf(IOException.class);
    }

    @Test
    void readingTheEndByteByByteAgreesWithTheFullParse() throws IOException {
        String[] kafkas = {
            "{\"topic\":\"t\",\"partition\":0,\"offset\":0,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"silgeom.articles\",\"partition\":2147483647,\"offset\":999999999999999999,\"timestamp\":\"2024-05-01T09:00:00.1Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":9223372036854775807,\"timestamp\":\"2024-05-01T09:00:00.123456Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00.123456789Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-02-29T23:59:59.999Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2023-02-29T00:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-13-01T00:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-12-31T24:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2016-12-31T23:59:60Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00.Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00.1234567890Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00+01:00\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"+12024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-5-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":03,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3.0,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7e2,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":2147483648,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":-1,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\\\"q\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"서울\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"partition\":3,\"topic\":\"t\",\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\"}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7,\"timestamp\":\"2024-05-01T09:00:00Z\",\"x\":1}",
            "{\"topic\":\"t\",\"partition\":3,\"offset\":7}",
        };
        for (String k : kafkas) {
            byte[] line = bytes("{\"id\":\"a1\",\"_kafka\":" + k + "}");
            KafkaPosition parsed;
            try {
                parsed = RawLine.position(line, line.length);
            } catch (IOException e) {
                parsed = null;
            }
            java.util.Optional<KafkaPosition> trailing = RawLine.trailingPosition(line, line.length);
            assertThat(trailing.orElse(parsed)).as(k).isEqualTo(parsed);
            if (trailing.isPresent()) {
                assertThat(trailing.get().timestamp()).as(k).isEqualTo(parsed.timestamp());
            }
        }
        byte[] usual = RawLine.encode(bytes("{\"id\":\"a1\"}"), POS);
        assertThat(RawLine.trailingPosition(usual, usual.length)).hasValue(POS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
