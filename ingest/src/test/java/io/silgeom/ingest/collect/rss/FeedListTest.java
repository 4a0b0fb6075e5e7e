package io.silgeom.ingest.collect.rss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.silgeom.core.article.Source;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedListTest {
    private static final Duration DEFAULT = Duration.ofMinutes(5);

    @Test
    void readsUrlsWithOptionalIntervalNameAndSource() {
        List<FeedSpec> feeds = FeedList.parse("feeds.txt", List.of(
                "# Korean news",
                "https://www.yna.co.kr/rss/news.xml   2m   name=yonhap",
                "",
                "https://www.example.com/posts.atom source=social",
                "  https://feeds.example.org/world.rss  "), DEFAULT);

        assertThat(feeds).containsExactly(
                new FeedSpec("yonhap", URI.create("https://www.yna.co.kr/rss/news.xml"), Duration.ofMinutes(2), Source.NEWS),
                new FeedSpec("example.com", URI.create("https://www.example.com/posts.atom"), DEFAULT, Source.SOCIAL),
                new FeedSpec("feeds.example.org", URI.create("https://feeds.example.org/world.rss"), DEFAULT, Source.NEWS));
    }

    @Test
    void mistakesNameTheLine() {
        assertThatThrownBy(() -> FeedList.parse("feeds.txt", List.of("https://a.example/x", "ftp://b.example/y"), DEFAULT))
                .hasMessage("feeds.txt:2: feed url must be http or https, got: ftp://b.example/y");
        assertThatThrownBy(() -> FeedList.parse("feeds.txt", List.of("https://a.example/x soon"), DEFAULT))
                .hasMessageStartingWith("feeds.txt:1: expected an interval (5m), name=NAME or source=news|social, got: soon");
        assertThatThrownBy(() -> FeedList.parse("feeds.txt", List.of("https://a.example/x", "https://a.example/y"), DEFAULT))
                .hasMessage("feeds.txt:2: a second feed named 'a.example'; give one of them another name=");
        assertThatThrownBy(() -> FeedList.parse("feeds.txt", List.of("# nothing"), DEFAULT))
                .hasMessage("feeds.txt: no feeds (one URL a line)");
    }
}
