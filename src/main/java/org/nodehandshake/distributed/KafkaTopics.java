package org.nodehandshake.distributed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the jobs and results topics when they are missing, once at start, with Kafka's own admin client. */
public final class KafkaTopics {

    private KafkaTopics() {
    }

    /**
     * Creates what is missing; existing topics are left as they are.
     *
     * @throws IllegalStateException when Kafka did not answer within {@code timeoutMillis}, or refused
     */
    public static void ensure(KafkaSettings settings, long timeoutMillis) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", settings.bootstrapServers()));
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMillis);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeoutMillis, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(settings.jobsTopic(), settings.resultsTopic())) {
                if (!existing.contains(topic)) {
                    // The broker's default replication; a result may be as large as handshake.kafka.max-message-bytes; the broker's default is 1 MB.
                    missing.add(new NewTopic(topic, Optional.of(settings.partitions()), Optional.empty())
                            .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                    Integer.toString(settings.maxMessageBytes() + 1024))));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) { // another instance created it meanwhile
                    throw e;
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka at " + String.join(",", settings.bootstrapServers()) + ": "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + String.join(",", settings.bootstrapServers())
                    + " did not answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the Kafka topics", e);
        }
    }
}
