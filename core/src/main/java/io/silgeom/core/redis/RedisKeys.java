package io.silgeom.core.redis;

import io.silgeom.core.view.BatchCutoff;

import java.util.Objects;

/**
 * Every Redis key name Silgeom uses, in one place: the speed layer writes them, the batch publisher
 * loads them, the serving layer reads them. Nothing else builds a key string.
 *
 * <pre>
 * sg:batch:current                                  STRING  JSON {@link io.silgeom.core.view.BatchCutoff}: version, cutoff, offsets
 * sg:b:{version}:h:{yyyyMMddHH}:{lang}:{source}      HASH    keyword → distinct articles (batch view, hours &lt; cutoff)
 * sg:b:{version}:hours                              SET     hour ids the batch view holds (so a missing hour is detectable)
 * sg:b:{version}:base:{HH}:{lang}:{source}          HASH    keyword → expected distinct articles in one hour at hour of day HH (UTC, 00-23)
 * sg:b:{version}:base:meta                          HASH    days (history used), from, to (first and last day, yyyy-MM-dd)
 * sg:speed:current                                  STRING  generation of the live speed view (a rebuild writes a new one)
 * sg:s:{gen}:h:{yyyyMMddHH}:{lang}:{source}          HASH    keyword → distinct articles (speed view, hour buckets; leaf slices only)
 * sg:s:{gen}:m:{yyyyMMddHHmm}:{lang}:{source}        HASH    keyword → distinct articles (speed view, minute buckets; leaf slices only)
 * sg:s:{gen}:slices                                 SET     the leaf slices {lang}:{source} the speed view has written: a roll-up sums them
 * sg:s:{gen}:docs:h:{yyyyMMddHH}                     HASH    {lang}:{source} → documents counted that hour
 * sg:s:{gen}:offsets                                HASH    {topic}:{partition} → last offset applied
 * sg:s:{gen}:seen:{articleId}                       STRING  marker: article id already counted (TTL = dedupe horizon)
 * sg:s:{gen}:au:h:{yyyyMMddHH}                      HASH    markers: a␉{author}␉{lang}␉{keyword} (that social author already counted for it
 *                                                           that hour), s␉{site}␉{keyword} (that site already a voice of it that hour)
 * sg:s:{gen}:ev:h:{yyyyMMddHH}                      HASH    keyword → JSON array of the newest few headlines {title,url,site,publishedAt}
 * sg:s:{gen}:voices:h:{yyyyMMddHH}                  HASH    keyword → distinct sites (news) + authors (social) that mentioned it that hour
 * sg:display                                        HASH    canonical keyword → display form
 * sg:status:speed                                   HASH    speed-layer facts for /status: lag:{topic}:{partition}, applied, late, dlq, updatedAt
 * sg:status:batch                                   STRING  JSON report of the last batch run (ok or failed, counts, timings)
 * sg:status:collect:rss                             HASH    RSS collector health: feed name → JSON health
 * sg:status:collect:x                               HASH    X collector health: stream / search / x → JSON health
 * </pre>
 *
 * <p>NOTE: a hash tag ({@code {…}}) is deliberately absent: the embedded stack and a single Redis are the
 * supported targets today. A Redis Cluster deployment needs the speed layer's per-partition keys in one slot.
 */
public final class RedisKeys {
    public static final String PREFIX = "sg:";
    public static final String BATCH_CURRENT = PREFIX + "batch:current";
    public static final String SPEED_CURRENT = PREFIX + "speed:current";
    public static final String DISPLAY = PREFIX + "display";
    public static final String SPEED_STATUS = PREFIX + "status:speed";
    public static final String BATCH_STATUS = PREFIX + "status:batch";
    /** Health of {@code silgeom collect rss}, one field per feed; read by the serving layer's status. */
    public static final String RSS_COLLECTOR_STATUS = PREFIX + "status:collect:rss";
    /** Health of {@code silgeom collect x}; read by the serving layer's status. */
    public static final String X_COLLECTOR_STATUS = PREFIX + "status:collect:x";
    /** Generation of the speed view when none was ever published. */
    public static final String INITIAL_SPEED_GENERATION = "0";

    private RedisKeys() {
    }

    /**
     * The speed generation that a value read from {@link #SPEED_CURRENT} names: {@link #INITIAL_SPEED_GENERATION} when
     * the key is absent or blank (no rebuild ever switched), else the value stripped of white space. Every reader goes through here so
     * that the speed layer, the serving layer and the reconciliation always name the same generation.
     */
    public static String speedGeneration(String speedCurrentValue) {
        return speedCurrentValue == null || speedCurrentValue.isBlank() ? INITIAL_SPEED_GENERATION
                : speedCurrentValue.strip();
    }

    // --- batch view ---

    public static String batchHour(String version, String hourId, Slice slice) {
        return PREFIX + "b:" + requireToken(version, "version") + ":h:" + hourId + ":" + slice;
    }

    public static String batchHours(String version) {
        return PREFIX + "b:" + requireToken(version, "version") + ":hours";
    }

    /**
     * Baseline of one batch version: expected distinct articles per keyword in one hour at {@code hourOfDay}
     * (0-23, UTC), in one slice.
     */
    public static String batchBaseline(String version, int hourOfDay, Slice slice) {
        if (hourOfDay < 0 || hourOfDay > 23) {
            throw new IllegalArgumentException("hourOfDay must be 0-23, got: " + hourOfDay);
        }
        return PREFIX + "b:" + requireToken(version, "version") + ":base:" + String.format("%02d", hourOfDay) + ":" + slice;
    }

    /** Facts about one version's baselines: {@code days}, {@code from}, {@code to}. */
    public static String batchBaselineMeta(String version) {
        return PREFIX + "b:" + requireToken(version, "version") + ":base:meta";
    }

    /** Pattern matching every key of one batch view version (for deleting an old version). */
    public static String batchVersionPattern(String version) {
        return PREFIX + "b:" + requireToken(version, "version") + ":*";
    }

    // --- speed view ---

    public static String speedHour(String generation, String hourId, Slice slice) {
        return speed(generation) + "h:" + hourId + ":" + slice;
    }

    public static String speedMinute(String generation, String minuteId, Slice slice) {
        return speed(generation) + "m:" + minuteId + ":" + slice;
    }

    /**
     * The leaf slices ({@code lang:source}) generation {@code generation} has written buckets for. The speed view
     * writes leaves only (see {@link Slice}); a reader of a roll-up sums the leaves listed here that it covers.
     */
    public static String speedSlices(String generation) {
        return speed(generation) + "slices";
    }

    public static String speedDocsHour(String generation, String hourId) {
        return speed(generation) + "docs:h:" + hourId;
    }

    public static String speedOffsets(String generation) {
        return speed(generation) + "offsets";
    }

    public static String speedSeen(String generation, String articleId) {
        return speed(generation) + "seen:" + Objects.requireNonNull(articleId, "articleId");
    }

    /** Markers of the social-author rule and of site voices for one hour: fields {@link #authorField}, {@link #siteField}. */
    public static String speedAuthorsHour(String generation, String hourId) {
        return speed(generation) + "au:h:" + hourId;
    }

    /** Field of {@link #speedAuthorsHour}: one author, language and keyword. */
    public static String authorField(String author, String lang, String canonical) {
        return "a\t" + author + '\t' + lang + '\t' + canonical;
    }

    /** Field of {@link #speedAuthorsHour}: one site and keyword. */
    public static String siteField(String site, String canonical) {
        return "s\t" + site + '\t' + canonical;
    }

    /** Evidence headlines per keyword for one hour. */
    public static String speedEvidenceHour(String generation, String hourId) {
        return speed(generation) + "ev:h:" + hourId;
    }

    /** Distinct voices (sites and authors) per keyword for one hour. */
    public static String speedVoicesHour(String generation, String hourId) {
        return speed(generation) + "voices:h:" + hourId;
    }

    /** Field of {@link #speedOffsets(String)} for one topic partition: the batch cutoff's own partition key. */
    public static String offsetField(String topic, int partition) {
        return BatchCutoff.partitionKey(topic, partition);
    }

    private static String speed(String generation) {
        return PREFIX + "s:" + requireToken(generation, "generation") + ":";
    }

    private static String requireToken(String value, String what) {
        if (value == null || value.isEmpty() || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException(what + " must be a non-empty token without ':', got: " + value);
        }
        return value;
    }
}
