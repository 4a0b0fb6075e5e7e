package io.silgeom.ingest.collect.rss;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * How one feed is doing, as the status hash and the logs show it.
 *
 * @param state               {@code ok} (new items fetched), {@code not-modified} (304), {@code failing}, or
 *                            {@code waiting} (not polled yet)
 * @param consecutiveFailures failed polls since the last success; 0 while the feed answers
 * @param lastError           the reason of the last failure, or null
 * @param published           items sent to the articles topic since start
 * @param deadLettered        items sent to the dead-letter topic since start
 * @param nextPoll            when the feed is polled next (sooner after a failure, then backing off)
 */
public record FeedHealth(String feed, String url, String state, Instant lastAttempt, Instant lastSuccess,
        int consecutiveFailures, String lastError, long published, long deadLettered, Instant nextPoll) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static FeedHealth waiting(FeedSpec feed) {
        return new FeedHealth(feed.name(), feed.url().toString(), "waiting", null, null, 0, null, 0, 0, null);
    }

    public boolean failing() {
        return consecutiveFailures > 0;
    }

    public String toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("feed", feed);
        n.put("url", url);
        n.put("state", state);
        n.put("lastAttempt", lastAttempt == null ? null : lastAttempt.toString());
        n.put("lastSuccess", lastSuccess == null ? null : lastSuccess.toString());
        n.put("consecutiveFailures", consecutiveFailures);
        n.put("lastError", lastError);
        n.put("published", published);
        n.put("deadLettered", deadLettered);
        n.put("nextPoll", nextPoll == null ? null : nextPoll.toString());
        return n.toString();
    }
}
