package org.nodehandshake.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.nodehandshake.distributed.CheckJob;
import org.nodehandshake.distributed.CheckResult;
import org.nodehandshake.distributed.Messages;
import org.nodehandshake.distributed.ObservedResult;
import org.nodehandshake.distributed.SeedObservation;

/**
 * The shipped coordinator routes with Kafka replaced: the jobs topic by {@code mock:jobs}, the results topic by
 * {@code direct:results}, the report files by mocks. A test publishes a run's jobs and answers them as workers
 * would (or would not).
 */
abstract class CoordinatorRouteTestSupport extends ShippedRoutesTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    final Messages messages = new Messages(1 << 20, 512);

    abstract String resultDeadlineMillis();

    @Override
    protected Properties handshakeProperties() {
        return properties("handshake.kafka.bootstrap-servers", "127.0.0.1:9", // never contacted: Kafka is replaced
                "handshake.kafka.vantages", "east,west", "handshake.kafka.result-deadline-ms", resultDeadlineMillis(),
                "handshake.kafka.jobs-topic", "jobs", "handshake.kafka.results-topic", "results",
                "handshake.kafka.group-id", "test", "handshake.kafka.max-message-bytes", "1048576",
                "handshake.history.enabled", "false", "handshake.report-dir", "target/coordinator-route-test",
                "handshake.report-log-level", "DEBUG", "handshake.retention", "100");
    }

    @BeforeEach
    void startRoutes() throws Exception {
        loadShippedRoutes("check-seeds.yaml", "coordinator.yaml");
        AdviceWith.adviceWith(context, "publish-jobs", route -> route.weaveById("jobs-topic").replace().to("mock:jobs"));
        AdviceWith.adviceWith(context, "collect-results", route -> route.replaceFromWith("direct:results"));
        mockReportEndpoints();
        context.start();
    }

    /** Publishes a run over the given seed entries; the jobs as the jobs topic got them. */
    List<CheckJob> publish(String... seeds) throws Exception {
        MockEndpoint jobs = getMockEndpoint("mock:jobs");
        jobs.reset();
        List<org.nodehandshake.dns.Seed> parsed = new ArrayList<>();
        for (String seed : seeds) {
            parsed.addAll(org.nodehandshake.module.ProtocolRegistry.builtIn()
                    .parseSeeds(seed, org.nodehandshake.module.ProtocolRegistry.builtIn().defaultNetwork()));
        }
        template.sendBody("direct:publish-jobs", parsed);
        List<CheckJob> published = new ArrayList<>();
        for (Exchange e : jobs.getExchanges()) {
            published.add(((Messages.Read.Accepted<CheckJob>) messages.readJob(e.getMessage().getBody(byte[].class)))
                    .message());
        }
        return published;
    }

    /** A worker's answer to the job: these addresses, each with its outcome. */
    void answer(CheckJob job, Map<String, String> outcomes) {
        List<ObservedResult> results = new ArrayList<>();
        outcomes.forEach((address, outcome) -> results.add(new ObservedResult(address, job.port(), outcome,
                outcome.equals("SUCCESS") ? null : "connection refused", outcome.equals("SUCCESS") ? null : "connect-refused",
                outcome.equals("SUCCESS") ? "concluded" : "connect", outcome.equals("SUCCESS") ? 2L : null,
                outcome.equals("SUCCESS") ? 4L : null, outcome.equals("SUCCESS") ? Map.of("userAgent", "/t:1/") : null,
                List.of(), Map.of(), outcome.equals("SUCCESS") ? 10L : null, Map.of())));
        SeedObservation observation = new SeedObservation(job.seed(), job.network(), job.port(),
                List.copyOf(outcomes.keySet()), null, 0, job.serviceFilter(), Map.of(), Map.of(), null, results);
        template.sendBody("direct:results", messages.write(CheckResult.of(job, observation)));
    }

    /** The one run report written, as JSON. */
    JsonNode reportWritten() throws Exception {
        MockEndpoint file = getMockEndpoint("mock:report-file");
        file.setExpectedMessageCount(1);
        file.assertIsSatisfied(10_000);
        return JSON.readTree(file.getExchanges().get(0).getMessage().getBody(String.class));
    }
}
