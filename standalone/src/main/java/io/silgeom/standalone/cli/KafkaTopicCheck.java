package io.silgeom.standalone.cli;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks, before a collector starts, that Kafka answers and the topics exist. Without it a wrong {@code --bootstrap}
 * or a missing topic (the embedded broker does not create topics on first use) shows up only as a producer blocked
 * for a minute on the first record, and then as failed sends.
 */
final class KafkaTopicCheck {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private KafkaTopicCheck() {
    }

    /** @throws IllegalStateException naming the address, or the missing topics */
    static void requireTopics(String bootstrap, Collection<String> topics, Duration timeout) throws InterruptedException {
        int timeoutMs = Math.toIntExact(timeout.toMillis());
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = topics.stream().filter(t -> !existing.contains(t)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Kafka at " + bootstrap + " has no topic " + String.join(", ", missing)
                        + "; create it, or set kafka.topic.articles / kafka.topic.dlq to the topics you use");
            }
        } catch (TimeoutException e) {
            throw notAnswering(bootstrap, timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAnswering(bootstrap, timeout, e.getCause());
            }
            throw new IllegalStateException("cannot list the topics of Kafka at " + bootstrap + ": "
                    + e.getCause().getMessage(), e.getCause());
        } finally {
            // A pending request against a dead address would otherwise hold close() for the whole API timeout.
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static IllegalStateException notAnswering(String bootstrap, Duration timeout, Throwable cause) {
        return new IllegalStateException("Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds()
                + " s; check --bootstrap, kafka.bootstrap.servers or SILGEOM_KAFKA_BOOTSTRAP_SERVERS", cause);
    }
}
