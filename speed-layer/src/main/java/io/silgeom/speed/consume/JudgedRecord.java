package io.silgeom.speed.consume;

import io.silgeom.core.article.Article;
import io.silgeom.core.text.Analysis;
import io.silgeom.core.text.Keyword;
import io.silgeom.speed.apply.PartitionBatch;
import java.time.Instant;
import java.util.List;

/**
 * What one Kafka record is for the speed view, decided without side effects: validation, the late rule and analysis,
 * so that the records of a poll can be judged on several threads ({@link OrderedParallelMap}) and then recorded (dead
 * letters, counters, the partition's batch) on the consumer thread, in offset order.
 */
sealed interface JudgedRecord {
    /** Fails validation: goes to the dead-letter topic with {@code reason}. */
    record Invalid(String reason, Instant receivedAt) implements JudgedRecord {
    }

    /** Published before the batch cutoff: the batch view's to count. */
    record Late(Article article) implements JudgedRecord {
    }

    /** Excluded by the content policy (DESIGN.md section 4). */
    record Filtered(Article article) implements JudgedRecord {
    }

    /** Counts: its language and keywords, the keywords sorted ({@link PartitionBatch#sortedKeywords}). */
    record Counted(Article article, Analysis analysis, List<Keyword> sortedKeywords) implements JudgedRecord {
    }

    /** Analysis threw: a bug, not a bad record; dead-lettered with the cause, never dropped silently. */
    record AnalysisFailed(Article article, RuntimeException error, Instant receivedAt) implements JudgedRecord {
    }
}
