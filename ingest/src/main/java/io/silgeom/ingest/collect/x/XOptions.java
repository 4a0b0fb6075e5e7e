package io.silgeom.ingest.collect.x;

import io.silgeom.ingest.collect.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the X collector ({@code x.*} keys).
 *
 * @param bearerToken    app-only bearer token; blank = not configured
 * @param apiUrl         scheme and host of the API, e.g. {@code https://api.x.com}
 * @param rules          filtered-stream rules in X's syntax; also the recent-search query, joined with OR
 * @param searchInterval time between two recent searches while the stream is not available
 * @param stallTimeout   silence (no post, no keep-alive) after which the stream counts as disconnected
 * @param reconnect      back-off between reconnects; a 429 waits for the rate-limit reset instead
 */
public record XOptions(String bearerToken, URI apiUrl, List<String> rules, Duration searchInterval,
        Duration stallTimeout, Backoff reconnect) {
    /** X's advice for HTTP errors: back off exponentially, from seconds up to a few minutes. */
    public static final Backoff DEFAULT_RECONNECT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

    public XOptions {
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(apiUrl, "apiUrl");
        rules = List.copyOf(rules);
        Objects.requireNonNull(searchInterval, "searchInterval");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(reconnect, "reconnect");
    }

    public XOptions(String bearerToken, URI apiUrl, List<String> rules, Duration searchInterval, Duration stallTimeout) {
        this(bearerToken, apiUrl, rules, searchInterval, stallTimeout, DEFAULT_RECONNECT);
    }

    public XOptions withReconnect(Backoff backoff) {
        return new XOptions(bearerToken, apiUrl, rules, searchInterval, stallTimeout, backoff);
    }

    public XOptions withApiUrl(URI url) {
        return new XOptions(bearerToken, url, rules, searchInterval, stallTimeout, reconnect);
    }

    /** @throws IllegalStateException with what to set, when no token is configured */
    public XOptions requireToken() {
        if (bearerToken.isBlank()) {
            throw new IllegalStateException("no X API bearer token: set x.bearer.token in the config file or "
                    + "SILGEOM_X_BEARER_TOKEN in the environment (an app-only token from the X developer console)");
        }
        if (rules.isEmpty()) {
            throw new IllegalStateException("no X rules: set x.rules (e.g. x.rules=태풍 OR typhoon;#WorldSeries), "
                    + "or SILGEOM_X_RULES; they select the posts of the stream and the search");
        }
        return this;
    }

    /** The recent-search query the rules amount to. */
    public String searchQuery() {
        return rules.size() == 1 ? rules.get(0) : "(" + String.join(") OR (", rules) + ")";
    }

    @Override
    public String toString() {
        // NOTE: the token never reaches a log line.
        return "XOptions[apiUrl=" + apiUrl + ", rules=" + rules + ", searchInterval=" + searchInterval
                + ", stallTimeout=" + stallTimeout + ", reconnect=" + reconnect + ", token=" + (bearerToken.isBlank()
                ? "none" : "set") + "]";
    }
}
