package io.silgeom.core.text.policy;

import static io.silgeom.core.config.Validator.betweenDouble;

import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.ConfigDef;
import io.silgeom.core.config.Importance;
import io.silgeom.core.config.Settings;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the content policy does with the filter's judgement (DESIGN.md §4). Both views read these keys from the
 * same configuration, so they count the same articles and keywords; a test holds them to it.
 */
public final class ContentPolicy {
    public static final ConfigKey<Boolean> ENABLED = ConfigKey.bool("content.filter.enabled")
            .defaultValue(true).importance(Importance.MEDIUM)
            .doc("Run the content filter on every article before keyword analysis. Off: every article is counted "
                    + "as clean (the blocklist still applies). Batch and speed layers must agree on it.");
    public static final ConfigKey<String> MODEL = ConfigKey.string("content.filter.model")
            .defaultValue("").importance(Importance.LOW)
            .doc("Model file written by `silgeom filter train`; empty: the model shipped in core.");
    public static final ConfigKey<Double> HATE_MIN_SCORE = ConfigKey.doubleValue("content.filter.hate.min.score")
            .defaultValue(0.8).validator(betweenDouble(0.34, 1.0)).importance(Importance.MEDIUM)
            .doc("An article is excluded from the counts (counted as `filtered`) only when the filter judges it "
                    + "hate with at least this probability; below it, a hate judgement is treated as offensive.");
    public static final ConfigKey<Boolean> DROP_OFFENSIVE_TERMS = ConfigKey.bool("content.filter.offensive.terms.drop")
            .defaultValue(true).importance(Importance.LOW)
            .doc("In an article judged offensive, drop the keywords that the filter judges offensive or hate on "
                    + "their own; the article and its other keywords still count.");
    public static final ConfigKey<String> BLOCKLIST_FILE = ConfigKey.string("content.filter.blocklist.file")
            .defaultValue("").importance(Importance.MEDIUM)
            .doc("Extra blocklist (UTF-8, one term per line, # comments) on top of the shipped one: these terms "
                    + "never become keywords and never chart.");

    public static final ConfigDef DEF = ConfigDef.of(ENABLED, MODEL, HATE_MIN_SCORE, DROP_OFFENSIVE_TERMS, BLOCKLIST_FILE);

    private final ConfigDef.Values values;

    private ContentPolicy(ConfigDef.Values values) {
        this.values = values;
    }

    public static ContentPolicy from(Settings settings) {
        return new ContentPolicy(DEF.parse(settings));
    }

    public boolean enabled() {
        return values.get(ENABLED);
    }

    public Optional<Path> model() {
        return optionalPath(values.get(MODEL));
    }

    public double hateMinScore() {
        return values.get(HATE_MIN_SCORE);
    }

    public boolean dropOffensiveTerms() {
        return values.get(DROP_OFFENSIVE_TERMS);
    }

    public Optional<Path> blocklistFile() {
        return optionalPath(values.get(BLOCKLIST_FILE));
    }

    private static Optional<Path> optionalPath(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }
}
