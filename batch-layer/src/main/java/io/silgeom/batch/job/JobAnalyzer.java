package io.silgeom.batch.job;

import io.silgeom.core.config.ConfigKey;
import io.silgeom.core.config.Settings;
import io.silgeom.core.text.KeywordExtractor;
import io.silgeom.core.text.policy.ContentPolicy;
import io.silgeom.core.text.policy.DocumentAnalyzer;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.JobID;

/**
 * The {@link DocumentAnalyzer} of a job's tasks, shared by the tasks of one job that run in the same JVM. Loading the
 * dictionaries and the model takes a moment, and LocalJobRunner runs every map task of a job in one JVM (on YARN each
 * task JVM loads its own). Thread-safe, as the analyzer is.
 *
 * <p>NOTE: shared per job, not per JVM: the next job loads the policy files again, so an edited blocklist or model
 * applies from the next run on, as it does when the speed layer restarts.
 */
final class JobAnalyzer {
    private static JobID currentJob;
    private static Map<String, String> currentPolicy;
    private static DocumentAnalyzer current;

    private JobAnalyzer() {
    }

    /** The analyzer of {@code job}, created from the content-policy keys of {@code conf} on first use. */
    static synchronized DocumentAnalyzer of(JobID job, Configuration conf) {
        Map<String, String> policy = policyValues(conf);
        if (current == null || !job.equals(currentJob) || !policy.equals(currentPolicy)) {
            current = DocumentAnalyzer.create(ContentPolicy.from(Settings.of(policy)), KeywordExtractor.create());
            currentJob = job;
            currentPolicy = policy;
        }
        return current;
    }

    /** The content-policy keys of a job configuration, as {@link Settings}; unset keys take their defaults. */
    static Settings policySettings(Configuration conf) {
        return Settings.of(policyValues(conf));
    }

    private static Map<String, String> policyValues(Configuration conf) {
        Map<String, String> values = new HashMap<>();
        for (ConfigKey<?> key : ContentPolicy.DEF.keys()) {
            String value = conf.get(key.name());
            if (value != null) {
                values.put(key.name(), value);
            }
        }
        return values;
    }
}
