package io.silgeom.standalone.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import io.silgeom.core.article.Source;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.FileReplay;
import io.silgeom.ingest.collect.InputFormat;
import io.silgeom.ingest.collect.Progress;
import io.silgeom.ingest.collect.ReplayOptions;
import io.silgeom.ingest.collect.TimeShift;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.ingest.publish.PublishStats;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code silgeom replay FILE}: publishes a file of records (JSON lines, CSV, TSV) to the articles topic, mapped onto
 * the article record, with rows that cannot be articles sent to the dead-letter topic ({@link FileReplay} does the
 * work; this class reads the command line, draws progress and tells how it went).
 *
 * <p>Progress goes to stderr ({@link ProgressLine}); one summary line goes to stdout. Ctrl-C stops after the current
 * row, then the publisher flushes and closes. Exit 1 when Kafka did not acknowledge every record (the replay stops at
 * the first such loss), 2 for bad usage, including a missing file and columns that cannot give an article.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Replay a file of records (JSON lines, CSV, TSV; optionally .gz) into Kafka as articles: "
                + "columns are mapped onto the article fields, event times shifted to now and paced, rows that cannot "
                + "be articles go to the dead-letter topic.",
                "Example: silgeom replay tweets.csv --map body=text --map publishedAt=created_at --source social "
                        + "--speedup 60"})
public final class ReplayCommand implements Callable<Integer> {
    static final String STOP_THREAD_NAME = "silgeom-replay-stop";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to replay.")
    Path file;

    @Option(names = "--format", paramLabel = "jsonl|csv|tsv", converter = FormatConverter.class,
            description = "Input format; by default from the file name (.jsonl/.ndjson/.json, .csv, .tsv/.tab, "
                    + "each optionally .gz).")
    InputFormat format;

    @Option(names = "--map", paramLabel = "field=column", showDefaultValue = Visibility.NEVER,
            description = "Read an article field from another column (repeatable); JSON lines address nested fields "
                    + "with dots (author=user.screen_name). Fields: id, source, site, author, lang, publishedAt, "
                    + "title, body, url; an unmapped field is read from the column of its own name.")
    List<String> fieldMap = new ArrayList<>();

    @Option(names = "--source", paramLabel = "news|social", converter = SourceConverter.class,
            description = "Source of rows without a source column or value.")
    Source source;

    @Option(names = "--lang", paramLabel = "ko|en", converter = LangConverter.class,
            description = "Language of rows without a lang column or value; absent: detected from the text.")
    String lang;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Pacing pacing;

    @Option(names = "--time-shift", paramLabel = "now|none", defaultValue = "now", converter = TimeShiftConverter.class,
            description = "now: event times moved to the present (with --speedup N: t' = start + (t - t0) / N; "
                    + "otherwise the file's last record lands at the start); none: event times unchanged.")
    TimeShift timeShift;

    @Mixin
    KafkaBootstrapOption kafka;

    @Option(names = "--site", paramLabel = "SITE", description = "Site of rows without a site column or value, e.g. reuters.")
    String site;

    @Option(names = "--id-prefix", paramLabel = "PREFIX",
            description = "Prepended to every article id, e.g. reuters- (keeps ids of two files apart).")
    String idPrefix;

    @Option(names = "--max-gap", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Shorten gaps between consecutive records longer than this (in event time), so a replay "
                    + "does not sit idle through months without data; e.g. 10m.")
    Duration maxGap;

    @Option(names = "--limit", paramLabel = "N", description = "Stop after N rows.")
    Long limit;

    /** {@code --speedup N | --rate N}: the ways to pace a replay exclude each other. */
    static final class Pacing {
        @Option(names = "--speedup", paramLabel = "N", required = true,
                description = "Event time runs N times faster than real time; each record is sent when its shifted "
                        + "time comes.")
        Double speedup;

        @Option(names = "--rate", paramLabel = "N", required = true,
                description = "Send N records per second. Without --speedup or --rate: as fast as Kafka takes them.")
        Double rate;
    }

    @Override
    public Integer call() throws Exception {
        ReplayOptions options = replayOptions();
        Settings settings = kafka.applyTo(config.settings());
        CoreConfig core = CoreConfig.from(settings);
        IngestConfig ingest = IngestConfig.from(settings);
        KafkaTopicCheck.requireTopics(core.kafkaBootstrap(), List.of(core.articlesTopic(), core.dlqTopic()),
                KafkaTopicCheck.DEFAULT_TIMEOUT);

        ProgressLine progressLine = ProgressLine.onStderr("replay", spec.commandLine().getErr());
        Progress last;
        PublishStats sent;
        boolean stopped;
        Map<String, Long> reasons;
        long duplicates;
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             ArticlePublisher publisher = ArticlePublisher.create(ingest.publisherOptions(core))) {
            FileReplay replay = new FileReplay(options, publisher, p -> {
                progressLine.onProgress(p);
                if (publisher.stats().failed() > 0) {
                    stop.stop(); // a lost record: going on would only lose more of them
                }
            });
            stop.onStop(replay::stop);
            try {
                last = replay.run();
            } catch (IllegalArgumentException e) {
                // FileReplay's contract: the columns cannot give an article; the message names the option that fixes it.
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            stopped = stop.stopRequested();
            publisher.close(); // idempotent; closed here so that the counts below are final
            sent = publisher.stats();
            reasons = replay.deadLetterReasons();
            duplicates = replay.duplicateIds();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary(file, last, sent, stopped, reasons, duplicates));
        out.flush();
        requireAllAcknowledged(sent);
        return 0;
    }

    /** The options as {@link FileReplay} takes them; every contradiction is a usage error naming the option. */
    ReplayOptions replayOptions() {
        ReplayOptions options;
        try {
            ReplayOptions.Builder b = ReplayOptions.builder(file).format(format).source(source).lang(lang).site(site)
                    .timeShift(timeShift).idPrefix(idPrefix).maxGap(maxGap).limit(limit);
            fieldMap.forEach(b::map);
            if (pacing != null) {
                b.speedup(pacing.speedup).rate(pacing.rate);
            }
            options = b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "file not found: " + file.toAbsolutePath());
        }
        return options;
    }

    static String summary(Path file, Progress last, PublishStats sent, boolean stopped) {
        return summary(file, last, sent, stopped, Map.of(), 0);
    }

    /** The one stdout line: counts, then why rows were dead-lettered and how many ids came more than once. */
    static String summary(Path file, Progress last, PublishStats sent, boolean stopped, Map<String, Long> reasons,
                          long duplicateIds) {
        StringBuilder why = new StringBuilder();
        new TreeMap<>(reasons).forEach((reason, n) -> why.append(why.length() == 0 ? "" : ", ").append(reason)
                .append(": ").append(String.format(Locale.ROOT, "%,d", n)));
        return String.format(Locale.ROOT, "replay %s: %,d rows, %,d published, %,d dead-lettered%s%s in %s (%,.0f records/s); "
                        + "Kafka acknowledged %,d of %,d%s", file.getFileName(), last.read(), last.published(),
                last.deadLettered(), why.length() == 0 ? "" : " (" + why + ")",
                duplicateIds == 0 ? "" : String.format(Locale.ROOT, ", %,d duplicate ids (sent; counted once)", duplicateIds),
                ProgressLine.humanDuration(last.elapsed()), last.recordsPerSecond(), sent.acked(),
                sent.sent(), stopped ? " (stopped early)" : "");
    }

    /** @throws IllegalStateException when a record failed or is still unacknowledged after close */
    static void requireAllAcknowledged(PublishStats sent) {
        long lost = sent.failed() + sent.inFlight();
        if (lost > 0) {
            throw new IllegalStateException(String.format(Locale.ROOT, "%,d of %,d records were not acknowledged by "
                    + "Kafka; last error: %s", lost, sent.sent(), sent.lastError() == null ? "none (close timed out)"
                    : sent.lastError()));
        }
    }

    static final class FormatConverter implements ITypeConverter<InputFormat> {
        @Override
        public InputFormat convert(String value) {
            try {
                return InputFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class TimeShiftConverter implements ITypeConverter<TimeShift> {
        @Override
        public TimeShift convert(String value) {
            try {
                return TimeShift.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class SourceConverter implements ITypeConverter<Source> {
        @Override
        public Source convert(String value) {
            return Source.fromWire(value)
                    .orElseThrow(() -> new TypeConversionException("must be news or social, got: " + value));
        }
    }

    /** ko or en (DESIGN.md §8): the languages the keyword analysis has analysers for. */
    static final class LangConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("ko") && !value.equals("en")) {
                throw new TypeConversionException("must be ko or en, got: " + value);
            }
            return value;
        }
    }
}
