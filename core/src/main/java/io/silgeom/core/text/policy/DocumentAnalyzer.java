package io.silgeom.core.text.policy;

import io.silgeom.core.article.Article;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.filter.ContentClassifier;
import io.silgeom.core.text.filter.Judgement;
import io.silgeom.core.text.filter.Label;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The analysis both views run on every article, in the order DESIGN.md §4 fixes: content filter first, then
 * keyword extraction, then the policy on what may become a keyword.
 *
 * <ol>
 *   <li>The filter judges title and body as one text ({@link ContentClassifier#judge(Article)}).</li>
 *   <li>{@link Label#HATE} with probability at least {@code content.filter.hate.min.score}: the article is
 *       {@link Analysis#filtered() filtered} — no keywords, not a document of its hour; the layers count it as
 *       {@code filtered}. A weaker hate judgement is handled as offensive: a false positive then costs a few
 *       keywords, not a whole article.</li>
 *   <li>Otherwise keywords are extracted ({@link KeywordExtractor}). In an article judged offensive (or weakly
 *       hate), keywords on the shipped list of offensive terms ({@link Blocklist#offensiveTerms}) are dropped: the
 *       article still counts, its abusive words do not. NOTE: the classifier is not asked about single words: a
 *       character n-gram model trained on whole comments judges a lone word ("CANADA", "agreed") at random, which
 *       was measured on Reuters (docs/content-filter.md).</li>
 *   <li>Blocklisted keywords ({@link Blocklist}) are dropped from every article, whatever the judgement.</li>
 * </ol>
 *
 * <p>Deterministic, like the extractor: the same article and configuration give an equal {@link Analysis} in the
 * speed layer and in a MapReduce task, which is what lets the two views agree. Thread-safe; create once per process.
 */
public final class DocumentAnalyzer {
    private final KeywordExtractor extractor;
    private final ContentClassifier classifier;   // null: filter disabled
    private final Blocklist blocklist;
    private final Blocklist offensiveTerms;
    private final double hateMinScore;
    private final boolean dropOffensiveTerms;

    private DocumentAnalyzer(KeywordExtractor extractor, ContentClassifier classifier, Blocklist blocklist,
                             double hateMinScore, boolean dropOffensiveTerms) {
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.classifier = classifier;
        this.blocklist = Objects.requireNonNull(blocklist, "blocklist");
        this.offensiveTerms = Blocklist.offensiveTerms(extractor::canonicalForm);
        this.hateMinScore = hateMinScore;
        this.dropOffensiveTerms = dropOffensiveTerms;
    }

    /**
     * The analyzer the configuration describes: the shipped model or {@code content.filter.model}, the shipped
     * blocklist plus {@code content.filter.blocklist.file}.
     *
     * @throws UncheckedIOException if a configured model or blocklist file cannot be read
     */
    public static DocumentAnalyzer create(ContentPolicy policy, KeywordExtractor extractor) {
        Objects.requireNonNull(policy, "policy");
        ContentClassifier classifier = null;
        if (policy.enabled()) {
            classifier = policy.model().map(DocumentAnalyzer::loadModel).orElseGet(ContentClassifier::shipped);
        }
        Blocklist blocklist = Blocklist.load(policy.blocklistFile().orElse(null), extractor::canonicalForm);
        return new DocumentAnalyzer(extractor, classifier, blocklist, policy.hateMinScore(), policy.dropOffensiveTerms());
    }

    /** For tests: explicit parts; {@code classifier} null disables the filter. */
    public static DocumentAnalyzer of(KeywordExtractor extractor, ContentClassifier classifier, Blocklist blocklist,
                                      double hateMinScore, boolean dropOffensiveTerms) {
        return new DocumentAnalyzer(extractor, classifier, blocklist, hateMinScore, dropOffensiveTerms);
    }

    public Analysis analyze(Article article) {
        Label label = Label.CLEAN;
        if (classifier != null) {
            Judgement judgement = classifier.judge(article);
            label = judgement.label();
            if (label == Label.HATE && judgement.score() >= hateMinScore) {
                return new Analysis(extractor.language(article), Set.of(), Label.HATE, true);
            }
        }
        Analysis keywords = extractor.analyze(article);
        boolean screenTerms = label.flagged() && dropOffensiveTerms;
        Set<Keyword> kept = new LinkedHashSet<>();
        for (Keyword k : keywords.keywords()) {
            if (blocklist.blocks(k.canonical()) || screenTerms && offensiveTerms.blocks(k.canonical())) {
                continue;
            }
            kept.add(k);
        }
        return new Analysis(keywords.lang(), kept, label, false);
    }

    /** The blocklist in force, for the serving layer's last check of what may chart. */
    public Blocklist blocklist() {
        return blocklist;
    }

    /** The keyword extractor underneath (canonical forms for queries). */
    public KeywordExtractor extractor() {
        return extractor;
    }

    private static ContentClassifier loadModel(Path file) {
        try {
            return ContentClassifier.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read content filter model " + file + ": " + e.getMessage(), e);
        }
    }
}
