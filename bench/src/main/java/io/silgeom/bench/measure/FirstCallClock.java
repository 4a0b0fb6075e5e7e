package io.silgeom.bench.measure;

import io.silgeom.core.article.Article;
import io.silgeom.core.text.Analysis;
import io.silgeom.speed.consume.ArticleAnalyzer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The speed layer's analyzer with a stopwatch on it: remembers when the first article reached analysis, which
 * is when the speed layer consumed its first record (validation runs just before, microseconds). Starting the
 * clock there leaves out the consumer-group join, which is a start-up cost, not throughput.
 */
public final class FirstCallClock implements ArticleAnalyzer {
    /** Sentinel: no article analyzed yet. */
    private static final long NOT_YET = Long.MIN_VALUE;

    private final ArticleAnalyzer delegate;
    private final AtomicLong firstCallNanos = new AtomicLong(NOT_YET);

    public FirstCallClock(ArticleAnalyzer delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Analysis analyze(Article article) {
        if (firstCallNanos.get() == NOT_YET) {
            firstCallNanos.compareAndSet(NOT_YET, System.nanoTime());
        }
        return delegate.analyze(article);
    }

    public boolean called() {
        return firstCallNanos.get() != NOT_YET;
    }

    /** {@link System#nanoTime()} of the first call; only meaningful once {@link #called()}. */
    public long firstCallNanos() {
        return firstCallNanos.get();
    }
}
