package org.nodehandshake.cli;

import java.io.PrintStream;
import java.util.Optional;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.camel.ScheduledRuns;
import org.nodehandshake.distributed.KafkaSettings;
import org.nodehandshake.metrics.MetricsServer;
import org.nodehandshake.metrics.Readiness;
import org.nodehandshake.metrics.RunMetrics;
import org.slf4j.LoggerFactory;

/**
 * The scheduled service: runs until SIGTERM or Ctrl-C. On the signal no new run starts, a run in
 * progress ends at its deadline and writes its report, then Camel stops and the exit status is 0.
 */
final class ServiceRunner {

    private ServiceRunner() {
    }

    static int run(CamelRuntime camel, PrintStream err) throws StartFailure {
        HandshakeSettings settings = camel.configure();
        if (settings.seeds().isEmpty()) {
            camel.stop();
            return NodeHandshake.usageError("no seeds: handshake.seeds is empty", err);
        }
        Optional<String> unwritable = ReportDirectory.problem(settings.reportDir());
        if (unwritable.isPresent()) { // before the first run; later failures are logged, counted and retried
            camel.stop();
            err.println("error: " + unwritable.get());
            return NodeHandshake.EXIT_USAGE;
        }
        KafkaSettings kafka = camel.bean("kafkaSettings", KafkaSettings.class);
        if (kafka.enabled()) {
            if (kafka.vantages().isEmpty()) {
                camel.stop();
                return NodeHandshake.usageError("no vantage points: the coordinator needs " + KafkaSettings.VANTAGES, err);
            }
            if (!WorkerRunner.topicsReady(camel, kafka, settings, err)) {
                return NodeHandshake.EXIT_NO_SUCCESS;
            }
        }
        Optional<MetricsServer> metrics;
        try {
            RunMetrics runMetrics = camel.bean("runMetrics", RunMetrics.class);
            Readiness.Schedule schedule = MetricsEndpoint.schedule(camel.property("handshake.schedule").orElse(""));
            metrics = MetricsEndpoint.startWithCamel(camel, settings, Readiness.service(schedule, runMetrics::lastRun));
        } catch (MetricsEndpoint.Unavailable e) {
            return MetricsEndpoint.refused(camel, e, err);
        }
        ScheduledRuns runs = camel.bean("scheduledRuns", ScheduledRuns.class);
        long timeout = settings.timeout().toMillis();
        LoggerFactory.getLogger(NodeHandshake.class).info("Checking {} seed(s) on schedule '{}'{}; reports in {}",
                settings.seeds().size(), camel.property("handshake.schedule").orElse("?"),
                kafka.enabled() ? " from " + kafka.vantages() + " through Kafka " + kafka.bootstrapServers() : "",
                settings.reportDir());
        return camel.untilSignalled(() -> {
            camel.main().getCamelContext().getRouteController().stopRoute("scheduled-check");
            // DNS and handshakes each end at their deadline: a run ends within two timeouts and a margin.
            if (!runs.awaitIdle(2 * timeout + 10_000)) {
                err.println("warning: the run in progress did not end in time");
            }
            metrics.ifPresent(MetricsServer::close);
        });
    }
}
