package io.silgeom.ingest.collect.rss;

import io.silgeom.core.article.Source;
import io.silgeom.core.config.DurationParser;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the feeds file of {@code silgeom collect rss --feeds FILE}: one feed a line, blank lines and {@code #}
 * comments ignored.
 *
 * <pre>
 * # url                                         [interval] [name=NAME] [source=news|social]
 * https://www.yna.co.kr/rss/news.xml            5m         name=yonhap
 * https://feeds.bbci.co.uk/news/world/rss.xml   10m        name=bbc
 * https://example.com/feed.atom
 * </pre>
 *
 * <p>Interval absent: the default ({@code rss.poll.interval}). Name absent: the host without {@code www.}. Every
 * mistake is reported with its line number; two feeds with one name are refused, since the name keys the status
 * and the metrics.
 */
public final class FeedList {
    private FeedList() {
    }

    /** @throws IllegalArgumentException naming the file, line and problem */
    public static List<FeedSpec> read(Path file, Duration defaultInterval) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return parse(file.getFileName().toString(), lines, defaultInterval);
    }

    static List<FeedSpec> parse(String fileName, List<String> lines, Duration defaultInterval) {
        List<FeedSpec> feeds = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = fileName + ":" + (i + 1) + ": ";
            FeedSpec feed;
            try {
                feed = parseLine(line, defaultInterval);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (!names.add(feed.name())) {
                throw new IllegalArgumentException(where + "a second feed named '" + feed.name()
                        + "'; give one of them another name=");
            }
            feeds.add(feed);
        }
        if (feeds.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no feeds (one URL a line)");
        }
        return List.copyOf(feeds);
    }

    private static FeedSpec parseLine(String line, Duration defaultInterval) {
        String[] parts = line.split("\\s+");
        URI url;
        try {
            url = new URI(parts[0]);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + parts[0], e);
        }
        Duration interval = defaultInterval;
        String name = null;
        Source source = Source.NEWS;
        for (int p = 1; p < parts.length; p++) {
            String part = parts[p];
            if (part.startsWith("name=")) {
                name = part.substring(5);
            } else if (part.startsWith("source=")) {
                String value = part.substring(7);
                source = Source.fromWire(value).orElseThrow(
                        () -> new IllegalArgumentException("source must be news or social, got: " + value));
            } else {
                try {
                    interval = DurationParser.parse(part);
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("expected an interval (5m), name=NAME or source=news|social, got: "
                            + part, e);
                }
            }
        }
        if (name == null) {
            String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
            name = host.startsWith("www.") ? host.substring(4) : host;
        }
        return new FeedSpec(name, url, interval, source);
    }
}
