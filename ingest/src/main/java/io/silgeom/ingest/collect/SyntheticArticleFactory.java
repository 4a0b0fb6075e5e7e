package io.silgeom.ingest.collect;

import io.silgeom.core.article.Article;
import io.silgeom.core.article.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds one synthetic article from the vocabulary: language and source by their shares, an entity and a topic
 * drawn by Zipf rank (exponent {@value #ZIPF_EXPONENT}), a headline and two or three body sentences for news,
 * a short post with hashtags for social. Deterministic: the same random state gives the same article.
 */
final class SyntheticArticleFactory {
    static final double ZIPF_EXPONENT = 1.1;
    /**
     * The lowest usual share of articles a burst keyword is assumed to have: a burst of a keyword the vocabulary
     * makes rare (a hashtag, a word outside the lists) is still a visible spike.
     */
    static final double BASELINE_FLOOR = 0.002;
    /** Share of social posts that carry the topic's hashtag; the entity's and the second topic's are rarer. */
    static final double TOPIC_HASHTAG_SHARE = 0.8;
    private static final double ENTITY_HASHTAG_SHARE = 0.3;
    private static final double TOPIC2_HASHTAG_SHARE = 0.2;
    private static final int SOCIAL_HANDLES = 20_000;
    private static final List<String> KO_NEWS_SITES = List.of("yonhap", "kbs", "mbc", "sbs", "chosun", "joongang",
            "donga", "hani", "khan", "mk");
    private static final List<String> EN_NEWS_SITES = List.of("reuters", "ap", "bbc", "cnn", "bloomberg", "guardian",
            "nytimes");
    private static final List<String> KO_SOCIAL_SITES = List.of("x", "instagram", "threads");
    private static final List<String> EN_SOCIAL_SITES = List.of("x", "reddit", "threads", "bluesky");

    private final SyntheticVocabulary vocabulary;
    private final double koreanShare;
    private final double socialShare;
    private final ZipfSampler koEntities;
    private final ZipfSampler koTopics;
    private final ZipfSampler enEntities;
    private final ZipfSampler enCompanies;
    private final ZipfSampler enTopics;

    SyntheticArticleFactory(SyntheticVocabulary vocabulary, GeneratorOptions options) {
        this.vocabulary = vocabulary;
        this.koreanShare = options.koreanShare();
        this.socialShare = options.socialShare();
        this.koEntities = new ZipfSampler(vocabulary.koEntities.size(), ZIPF_EXPONENT);
        this.koTopics = new ZipfSampler(vocabulary.koTopics.size(), ZIPF_EXPONENT);
        this.enEntities = new ZipfSampler(vocabulary.enEntities.size(), ZIPF_EXPONENT);
        this.enCompanies = new ZipfSampler(vocabulary.enCompanies.size(), ZIPF_EXPONENT);
        this.enTopics = new ZipfSampler(vocabulary.enTopics.size(), ZIPF_EXPONENT);
    }

    /**
     * @param burst the burst this article belongs to, or null for an ordinary article
     */
    SyntheticArticle create(SplittableRandom random, String id, Instant eventTime, Burst burst) {
        boolean korean = burst != null ? burst.korean() : random.nextDouble() < koreanShare;
        double sourceDraw = random.nextDouble();
        boolean social = (burst != null && burst.hashtag()) || sourceDraw < socialShare;
        List<String> entities = korean ? vocabulary.koEntities : vocabulary.enEntities;
        List<String> topics = korean ? vocabulary.koTopics : vocabulary.enTopics;
        ZipfSampler entitySampler = korean ? koEntities : enEntities;
        ZipfSampler topicSampler = korean ? koTopics : enTopics;

        String topic = burst != null ? burst.phrase() : topics.get(topicSampler.sample(random));
        String topic2 = distinct(random, topics, topicSampler, topic);
        String entity = entities.get(entitySampler.sample(random));
        String entity2 = distinct(random, entities, entitySampler, entity);
        Map<String, String> values = new HashMap<>();
        values.put("topic", topic);
        values.put("topic2", topic2);
        values.put("entity", entity);
        values.put("entity2", entity2);
        if (!korean) {
            values.put("company", vocabulary.enCompanies.get(enCompanies.sample(random)));
            values.put("weekday", eventTime.atOffset(ZoneOffset.UTC).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        }
        List<String> hashtags = new ArrayList<>();
        if (social) {
            if ((burst != null && burst.hashtag()) || random.nextDouble() < TOPIC_HASHTAG_SHARE) {
                hashtags.add(burst != null && burst.hashtag() ? burst.keyword() : hashtag(topic, korean));
            }
            if (random.nextDouble() < ENTITY_HASHTAG_SHARE) {
                hashtags.add(hashtag(entity, korean));
            }
            if (random.nextDouble() < TOPIC2_HASHTAG_SHARE) {
                hashtags.add(hashtag(topic2, korean));
            }
        }
        values.put("hashtags", String.join(" ", hashtags));

        TemplateFiller filler = new TemplateFiller(values);
        String title;
        String body = null;
        if (social) {
            title = filler.fill(pick(random, korean ? vocabulary.koSocial : vocabulary.enSocial)).strip();
        } else {
            title = capitalise(filler.fill(pick(random, korean ? vocabulary.koNewsTitles : vocabulary.enNewsTitles)));
            List<String> bodies = korean ? vocabulary.koNewsBodies : vocabulary.enNewsBodies;
            int sentences = 2 + random.nextInt(2);
            // Distinct sentences: a partial Fisher-Yates shuffle over the sentence indexes.
            int[] order = new int[bodies.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < sentences; i++) {
                int j = i + random.nextInt(order.length - i);
                int chosen = order[j];
                order[j] = order[i];
                order[i] = chosen;
                sb.append(i == 0 ? "" : " ").append(capitalise(filler.fill(bodies.get(chosen))));
            }
            body = sb.toString();
        }
        Set<String> keywords = new LinkedHashSet<>();
        for (String name : List.of("entity", "entity2", "company", "topic", "topic2")) {
            if (filler.used().contains(name)) {
                keywords.add(values.get(name));
            }
        }
        if (filler.used().contains("hashtags")) {
            keywords.addAll(hashtags);
        }
        String site = pick(random, korean ? (social ? KO_SOCIAL_SITES : KO_NEWS_SITES) : (social ? EN_SOCIAL_SITES : EN_NEWS_SITES));
        String author = social ? (korean ? "ko_user" : "en_user") + random.nextInt(SOCIAL_HANDLES) : null;
        String url = "https://" + site + ".example.com/" + (social ? "posts/" : "articles/") + id;
        Article article = new Article(id, social ? Source.SOCIAL : Source.NEWS, site, author, korean ? "ko" : "en",
                eventTime, title, body, url);
        return new SyntheticArticle(article, keywords);
    }

    /**
     * The share of ordinary articles that name the burst's keyword as their topic (the bulk of its mentions),
     * floored at {@link #BASELINE_FLOOR}.
     */
    double baselineShare(Burst burst) {
        boolean korean = burst.korean();
        List<String> topics = korean ? vocabulary.koTopics : vocabulary.enTopics;
        ZipfSampler sampler = korean ? koTopics : enTopics;
        int rank = -1;
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i).equalsIgnoreCase(burst.phrase())) {
                rank = i;
                break;
            }
        }
        double share = rank < 0 ? 0 : sampler.probability(rank) * (korean ? koreanShare : 1 - koreanShare);
        if (burst.hashtag()) {
            share *= socialShare * TOPIC_HASHTAG_SHARE;
        }
        return Math.max(share, BASELINE_FLOOR);
    }

    /** {@code #태풍}, {@code #의대증원}; English words joined in camel case: {@code #WorldSeries}, {@code #inflation}. */
    static String hashtag(String words, boolean korean) {
        String w = words.startsWith("the ") ? words.substring(4) : words;
        String[] parts = w.split("[^\\p{L}\\p{N}]+");
        StringBuilder sb = new StringBuilder("#");
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            sb.append(korean || parts.length == 1 ? p : Character.toUpperCase(p.charAt(0)) + p.substring(1));
        }
        return sb.toString();
    }

    private static String distinct(SplittableRandom random, List<String> words, ZipfSampler sampler, String avoid) {
        String w = words.get(sampler.sample(random));
        // One redraw is enough to make a repeat rare; a loop could spin on a one-word list.
        return w.equals(avoid) ? words.get(sampler.sample(random)) : w;
    }

    private static String pick(SplittableRandom random, List<String> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
