package io.silgeom.core.text.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Keywords that must never be counted or charted: slurs and profanity, Korean and English. The shipped list
 * ({@value #SHIPPED_RESOURCE}) plus, optionally, a user file in the same format: UTF-8, one term per line, {@code #}
 * starts a comment. A term is compared in canonical form (the analysis's own {@code canonicalForm}), so "Fuck",
 * "FUCK" and "#fuck" hit the entry {@code fuck}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Blocklist {
    public static final String SHIPPED_RESOURCE = "blocklist.txt";
    /** Milder terms, dropped only from articles judged offensive (see {@link DocumentAnalyzer}). */
    public static final String OFFENSIVE_TERMS_RESOURCE = "offensive-terms.txt";

    private final Set<String> canonical;

    private Blocklist(Set<String> canonical) {
        this.canonical = Set.copyOf(canonical);
    }

    /**
     * The shipped list, plus {@code userFile} when given.
     *
     * @param canonicalForm the analysis's canonical form of a term (so the list matches what is counted)
     * @throws UncheckedIOException if the user file cannot be read (a typo in a path must not silently block nothing)
     */
    public static Blocklist load(Path userFile, UnaryOperator<String> canonicalForm) {
        Set<String> terms = new HashSet<>();
        readResource(SHIPPED_RESOURCE, canonicalForm, terms);
        if (userFile != null) {
            try (BufferedReader r = Files.newBufferedReader(userFile, StandardCharsets.UTF_8)) {
                read(r, canonicalForm, terms);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read blocklist file " + userFile + ": " + e.getMessage(), e);
            }
        }
        return new Blocklist(terms);
    }

    /** The shipped list of offensive terms ({@value #OFFENSIVE_TERMS_RESOURCE}). */
    public static Blocklist offensiveTerms(UnaryOperator<String> canonicalForm) {
        Set<String> terms = new HashSet<>();
        readResource(OFFENSIVE_TERMS_RESOURCE, canonicalForm, terms);
        return new Blocklist(terms);
    }

    /** A list of exactly these canonical terms (tests). */
    public static Blocklist of(Set<String> canonicalTerms) {
        return new Blocklist(canonicalTerms);
    }

    /** True if the keyword with this canonical form is blocked; a hashtag is blocked when its word is. */
    public boolean blocks(String canonicalKeyword) {
        return canonical.contains(canonicalKeyword)
                || canonicalKeyword.startsWith("#") && canonical.contains(canonicalKeyword.substring(1));
    }

    public int size() {
        return canonical.size();
    }

    private static void readResource(String resource, UnaryOperator<String> canonicalForm, Set<String> into) {
        Objects.requireNonNull(canonicalForm, "canonicalForm");
        try (InputStream in = Blocklist.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("shipped list " + resource + " missing from the classpath");
            }
            read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), canonicalForm, into);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped list " + resource, e);
        }
    }

    private static void read(BufferedReader r, UnaryOperator<String> canonicalForm, Set<String> into) throws IOException {
        String line;
        while ((line = r.readLine()) != null) {
            int hash = line.indexOf('#');
            String term = (hash == 0 ? "" : hash > 0 ? line.substring(0, hash) : line).strip();
            if (term.isEmpty()) {
                continue;
            }
            term = Normalizer.normalize(term, Normalizer.Form.NFKC);
            String c = canonicalForm.apply(term);
            into.add(c == null || c.isBlank() ? term.toLowerCase(Locale.ROOT) : c);
        }
    }
}
