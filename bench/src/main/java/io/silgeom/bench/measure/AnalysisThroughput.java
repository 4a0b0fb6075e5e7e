package io.silgeom.bench.measure;

import io.silgeom.core.text.policy.DocumentAnalyzer;
import io.silgeom.core.validation.ArticleValidator;
import io.silgeom.core.validation.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Figure (a), the baseline: what the speed layer does per record on its consumer thread minus Kafka and Redis.
 * Each record's JSON bytes are validated with {@link ArticleValidator} (as the speed layer does, with a receive
 * time) and, if valid, analyzed with {@link DocumentAnalyzer#analyze} (content filter, keywords, blocklist: what the
 * speed layer runs); one thread, like the speed layer's one consumer thread.
 */
public final class AnalysisThroughput {
    private final ArticleValidator validator;
    private final DocumentAnalyzer extractor;
    /** Keeps the JIT from dropping the analysis as unused; printed nowhere. */
    private long keywordsSeen;

    public AnalysisThroughput(ArticleValidator validator, DocumentAnalyzer extractor) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
    }

    /** Validates and analyzes every record once; returns the span of the whole pass. */
    public Throughput measure(List<byte[]> records, Instant receivedAt) {
        long start = System.nanoTime();
        for (byte[] raw : records) {
            if (validator.validate(raw, receivedAt) instanceof Verdict.Valid valid) {
                keywordsSeen += extractor.analyze(valid.article()).keywords().size();
            }
        }
        return new Throughput(records.size(), Duration.ofNanos(System.nanoTime() - start));
    }

    /** Total keywords found so far (a sanity figure: zero would mean the analysis did nothing). */
    public long keywordsSeen() {
        return keywordsSeen;
    }
}
