package io.silgeom.standalone.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.silgeom.core.config.CoreConfig;
import io.silgeom.core.config.Settings;
import io.silgeom.ingest.collect.CollectorStatus;
import io.silgeom.ingest.collect.LanguageGuess;
import io.silgeom.ingest.collect.rss.FeedFetcher;
import io.silgeom.ingest.collect.rss.FeedHealth;
import io.silgeom.ingest.collect.rss.FeedItems;
import io.silgeom.ingest.collect.rss.FeedList;
import io.silgeom.ingest.collect.rss.FeedSpec;
import io.silgeom.ingest.collect.rss.FeedState;
import io.silgeom.ingest.collect.rss.RssCollector;
import io.silgeom.ingest.config.IngestConfig;
import io.silgeom.ingest.publish.ArticlePublisher;
import io.silgeom.ingest.publish.EdgeGate;
import io.silgeom.ingest.publish.PublishStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code silgeom collect rss --feeds FILE}: polls RSS/Atom feeds ({@link RssCollector}) until Ctrl-C, or once each
 * with {@code --once}. The ids already produced live in {@code --state-dir}, so a restart produces no item twice; the
 * health of each feed goes to the Redis hash {@link IngestConfig#RSS_STATUS_KEY} when Redis answers.
 */
@Command(name = "rss",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        showDefaultValues = true,
        description = {"Poll RSS/Atom feeds into Kafka: conditional GET, a back-off for failing feeds, each item once "
                + "(its id is remembered in --state-dir across restarts).",
                "Feeds file: one feed a line, URL [interval] [name=NAME] [source=news|social]; # comments.",
                "Example: silgeom collect rss --feeds feeds.txt --state-dir var/collect"})
public final class CollectRssCommand implements Callable<Integer> {
    static final String STOP_THREAD_NAME = "silgeom-collect-rss-stop";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--feeds", paramLabel = "FILE", required = true, description = "The feeds to poll.")
    Path feedsFile;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "var/collect",
            description = "Where the ids already produced and the feeds' ETags are kept (rss-state.json).")
    Path stateDir;

    @Option(names = "--once", description = "Poll every feed once, then exit (for cron and checks).")
    boolean once;

    @Mixin
    KafkaBootstrapOption kafka;

    @Override
    public Integer call() throws Exception {
        Settings settings = kafka.applyTo(config.settings());
        CoreConfig core = CoreConfig.from(settings);
        IngestConfig ingest = IngestConfig.from(settings);
        List<FeedSpec> feeds = readFeeds(ingest);
        KafkaTopicCheck.requireTopics(core.kafkaBootstrap(), List.of(core.articlesTopic(), core.dlqTopic()),
                KafkaTopicCheck.DEFAULT_TIMEOUT);

        HttpClient http = HttpClient.newBuilder().connectTimeout(ingest.rssFetchTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        FeedFetcher fetcher = new FeedFetcher(http, ingest.rssFetchTimeout(), ingest.rssMaxFeedBytes(),
                "silgeom-collect (+https://github.com/silgeom)");
        CollectorStatus status = CollectRedisStatus.openOrNone(core, IngestConfig.RSS_STATUS_KEY);
        EdgeGate gate;
        PublishStats sent;
        RssCollector rss;
        try (StopSwitch stop = StopSwitch.onShutdown(STOP_THREAD_NAME);
             ArticlePublisher publisher = ArticlePublisher.create(ingest.publisherOptions(core))) {
            gate = EdgeGate.withDefaults(publisher);
            rss = new RssCollector(feeds, fetcher, new FeedItems(LanguageGuess.byKeywordAnalysis()),
                    FeedState.open(stateDir, ingest.rssSeenPerFeed()), gate, ingest.rssRetry(), status,
                    new SimpleMeterRegistry(), Clock.systemUTC());
            try (rss) {
                if (once) {
                    for (FeedSpec feed : feeds) {
                        rss.poll(feed);
                    }
                } else {
                    rss.start();
                    stop.await();
                }
            }
            publisher.close(); // idempotent; closed here so that the counts below are final
            sent = publisher.stats();
        } finally {
            CollectRedisStatus.closeIfOpen(status);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary(rss, gate.stats(), sent));
        out.flush();
        ReplayCommand.requireAllAcknowledged(sent);
        return 0;
    }

    private List<FeedSpec> readFeeds(IngestConfig ingest) {
        if (!Files.isRegularFile(feedsFile)) {
            throw new ParameterException(spec.commandLine(), "feeds file not found: " + feedsFile.toAbsolutePath());
        }
        try {
            return FeedList.read(feedsFile, ingest.rssPollInterval());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read " + feedsFile + ": " + e.getMessage(), e);
        }
    }

    static String summary(RssCollector rss, EdgeGate.EdgeStats edge, PublishStats sent) {
        List<FeedHealth> failing = rss.health().values().stream().filter(FeedHealth::failing).toList();
        String failures = failing.isEmpty() ? "none failing" : "failing: " + failing.stream()
                .map(h -> h.feed() + " (" + h.lastError() + ")").collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "collect rss: %d feeds, %,d published, %,d dead-lettered, %,d duplicates; "
                        + "%s; Kafka acknowledged %,d of %,d", rss.feeds().size(), edge.published(), edge.deadLettered(),
                edge.duplicates(), failures, sent.acked(), sent.sent());
    }
}
