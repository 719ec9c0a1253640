package org.nodehandshake.cli;

import java.io.PrintStream;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.distributed.KafkaSettings;
import org.nodehandshake.distributed.KafkaTopics;
import org.slf4j.LoggerFactory;

/**
 * A worker ({@code --worker --vantage NAME}): checks the jobs of its vantage point from Kafka until SIGTERM or
 * Ctrl-C. On the signal the job in hand ends at its deadline and its result is published (Camel's graceful
 * stop); a job not finished is not committed, and another worker of the vantage takes it.
 */
final class WorkerRunner {

    private WorkerRunner() {
    }

    static int run(CamelRuntime camel, PrintStream err) throws StartFailure {
        HandshakeSettings settings = camel.configure();
        KafkaSettings kafka = camel.bean("kafkaSettings", KafkaSettings.class);
        if (!kafka.enabled()) {
            camel.stop();
            return NodeHandshake.usageError("--worker needs Kafka: " + KafkaSettings.BOOTSTRAP_SERVERS + " is empty", err);
        }
        if (!topicsReady(camel, kafka, settings, err)) {
            return NodeHandshake.EXIT_NO_SUCCESS;
        }
        camel.start();
        LoggerFactory.getLogger(NodeHandshake.class).info("Worker of vantage point {}: jobs from {} on Kafka {}",
                kafka.vantage().orElse("?"), kafka.jobsTopic(), kafka.bootstrapServers());
        return camel.untilSignalled(() -> { });
    }

    /** The topics created when missing, before anything starts; false (Camel stopped, one line) when Kafka refused. */
    static boolean topicsReady(CamelRuntime camel, KafkaSettings kafka, HandshakeSettings settings, PrintStream err) {
        try {
            KafkaTopics.ensure(kafka, Math.max(10_000, settings.timeout().toMillis()));
            return true;
        } catch (IllegalStateException e) {
            camel.stop();
            err.println("error: " + e.getMessage());
            return false;
        }
    }
}
