package io.silgeom.batch.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Kafka records and archive listings for the archiver tests. */
final class TestRecords {
    static final String TOPIC = "silgeom.articles";

    private TestRecords() {
    }

    /** A valid article record; {@code publishedAt} decides its hour directory, {@code arrivedAt} is the Kafka timestamp. */
    static ConsumerRecord<byte[], byte[]> article(int partition, long offset, String id, String publishedAt, String arrivedAt) {
        return record(partition, offset, arrivedAt, "{\"id\":\"" + id + "\",\"source\":\"news\",\"publishedAt\":\""
                + publishedAt + "\",\"title\":\"Flood in Seoul\"}");
    }

    static ConsumerRecord<byte[], byte[]> record(int partition, long offset, String arrivedAt, String json) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(TOPIC, partition, offset, Instant.parse(arrivedAt).toEpochMilli(), TimestampType.CREATE_TIME,
                0, value.length, null, value, new RecordHeaders(), Optional.empty());
    }

    /** Files under {@code dir}, relative, sorted; the local filesystem's hidden checksum files left out. */
    static List<String> files(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            List<String> out = new ArrayList<>();
            s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".crc"))
                    .forEach(p -> out.add(dir.relativize(p).toString()));
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
