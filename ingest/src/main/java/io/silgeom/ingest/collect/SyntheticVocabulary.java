package io.silgeom.ingest.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The generator's words and templates, from the resources under {@code io/silgeom/ingest/collect/vocabulary/}:
 * Korean and English proper nouns and topics (line order = frequency rank) and headline, body and post
 * templates. Loaded once; every template is checked for unknown placeholders at load, so a typo in a resource
 * fails the first test, not a demo.
 */
final class SyntheticVocabulary {
    private static final String BASE = "/io/silgeom/ingest/collect/vocabulary/";
    private static final Set<String> PLACEHOLDERS = Set.of("entity", "entity2", "company", "topic", "topic2",
            "weekday", "hashtags");
    private static volatile SyntheticVocabulary instance;

    final List<String> koEntities;
    final List<String> koTopics;
    final List<String> enEntities;
    /** English entities of kind {@code company}, in rank order. */
    final List<String> enCompanies;
    final List<String> enTopics;
    final List<String> koNewsTitles;
    final List<String> koNewsBodies;
    final List<String> koSocial;
    final List<String> enNewsTitles;
    final List<String> enNewsBodies;
    final List<String> enSocial;

    private SyntheticVocabulary() {
        koEntities = lines("ko-entities.txt");
        koTopics = lines("ko-topics.txt");
        List<String> names = new ArrayList<>();
        List<String> companies = new ArrayList<>();
        for (String line : lines("en-entities.txt")) {
            String[] parts = line.split("\t");
            if (parts.length != 2) {
                throw new IllegalStateException("en-entities.txt: expected name<TAB>kind, got: " + line);
            }
            names.add(parts[0]);
            if (parts[1].equals("company")) {
                companies.add(parts[0]);
            }
        }
        enEntities = List.copyOf(names);
        enCompanies = List.copyOf(companies);
        enTopics = lines("en-topics.txt");
        koNewsTitles = templates("ko-news-titles.txt");
        koNewsBodies = templates("ko-news-bodies.txt");
        koSocial = templates("ko-social.txt");
        enNewsTitles = templates("en-news-titles.txt");
        enNewsBodies = templates("en-news-bodies.txt");
        enSocial = templates("en-social.txt");
    }

    static SyntheticVocabulary get() {
        SyntheticVocabulary v = instance;
        if (v == null) {
            synchronized (SyntheticVocabulary.class) {
                v = instance;
                if (v == null) {
                    v = new SyntheticVocabulary();
                    instance = v;
                }
            }
        }
        return v;
    }

    private static List<String> templates(String name) {
        List<String> templates = lines(name);
        for (String t : templates) {
            Matcher m = TemplateFiller.PLACEHOLDER.matcher(t);
            while (m.find()) {
                if (!PLACEHOLDERS.contains(m.group(1))) {
                    throw new IllegalStateException(name + ": unknown placeholder {" + m.group(1) + "} in: " + t);
                }
            }
        }
        return templates;
    }

    private static List<String> lines(String name) {
        List<String> out = new ArrayList<>();
        try (InputStream in = SyntheticVocabulary.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("vocabulary resource missing: " + BASE + name);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read vocabulary resource " + BASE + name, e);
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("vocabulary resource is empty: " + BASE + name);
        }
        return List.copyOf(out);
    }
}
