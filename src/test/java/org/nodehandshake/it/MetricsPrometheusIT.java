package org.nodehandshake.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nodehandshake.testing.DnsmasqServer;
import org.nodehandshake.testing.Jar;
import org.nodehandshake.testing.LitecoindNode;
import org.nodehandshake.testing.Processes;
import org.nodehandshake.testing.PrometheusServer;
import org.nodehandshake.testing.PrometheusServer.Sample;
import org.nodehandshake.testing.RealBinaries;

/**
 * The metrics endpoint as Prometheus sees it: the jar's scheduled service (a dnsmasq seed handing out a real
 * litecoind and a closed address) scraped by the real Prometheus server, whose HTTP API must give back the
 * figures of the run's latest.json; {@code promtool check metrics} passes on the exposition; {@code /ready}
 * follows the runs and a report directory that cannot be written; the listener's endpoint counts a real
 * node's inbound handshake.
 */
class MetricsPrometheusIT {

    static final String PROMETHEUS_IP = "127.0.0.210";
    static final String METRICS_IP = "127.0.0.211";
    static final String NODE_IP = "127.0.0.212";
    static final String DNS_IP = "127.0.0.213";
    static final String CLOSED_IP = "127.0.0.214";
    static final String LISTEN_IP = "127.0.0.215";
    static final String DIALER_IP = "127.0.0.216";
    static final String SEED = "metrics.test:" + LitecoindNode.P2P_PORT;

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void prometheusScrapesTheServiceAndFindsItsReport(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        int metricsPort = ResponderIT.freePort(METRICS_IP);
        try (LitecoindNode node = LitecoindNode.start(NODE_IP);
             DnsmasqServer dns = DnsmasqServer.start(DNS_IP, Map.of("metrics.test", List.of(NODE_IP, CLOSED_IP)), Map.of());
             PrometheusServer prometheus = PrometheusServer.start(PROMETHEUS_IP, ResponderIT.freePort(PROMETHEUS_IP),
                     "node-handshake", METRICS_IP + ":" + metricsPort)) {
            node.mine(5);
            // One run only, a few seconds after the start: its report and the counters then say the same.
            ZonedDateTime fire = ZonedDateTime.now().plusSeconds(25); // a start on a busy machine took 9 s
            String cron = fire.getSecond() + " " + fire.getMinute() + " " + fire.getHour() + " * * ?";
            Path config = serviceConfig(dir, "metrics.test:" + LitecoindNode.P2P_PORT + "@litecoin-regtest", cron,
                    dns.address(), reports, METRICS_IP + ":" + metricsPort);
            Path out = dir.resolve("service.out");
            Process service = Jar.start(out, "--config", config.toString());
            Thread hook = Processes.killOnExit(service);
            try {
                String base = "http://" + METRICS_IP + ":" + metricsPort;
                awaitReport(reports.resolve("latest.json"), Duration.ofSeconds(60), service, out);
                JsonNode report = JSON.readTree(Files.readString(reports.resolve("latest.json")));
                JsonNode seed = report.at("/seeds/0");

                Optional<Sample> runs = prometheus.awaitOne("node_handshake_runs_total == 1", Duration.ofSeconds(20));
                assertTrue(runs.isPresent(), "Prometheus scraped the run: " + prometheus.log());
                assertEquals("node-handshake", runs.get().label("job"));
                assertEquals(1.0, one(prometheus, "up{job=\"node-handshake\"}"));

                String s = "{seed=\"" + SEED + "\",network=\"litecoin-regtest\"}";
                assertEquals(seed.get("addresses").size(), one(prometheus, "node_handshake_seed_addresses" + s));
                assertEquals(seed.at("/health/successRate").asDouble(), one(prometheus, "node_handshake_seed_success_ratio" + s));
                assertEquals(1.0, one(prometheus, "node_handshake_seed_verdict{seed=\"" + SEED + "\",verdict=\""
                        + seed.at("/health/verdict").asText() + "\"}"));
                assertEquals(seed.at("/health/heights/max").asDouble(), one(prometheus, "node_handshake_seed_best_height" + s));
                assertEquals(seed.at("/health/heights/median").asDouble(),
                        one(prometheus, "node_handshake_seed_median_height" + s));
                assertEquals(seed.at("/dns/A/millis").asDouble() / 1000,
                        one(prometheus, "node_handshake_seed_dns_answer_seconds{seed=\"" + SEED + "\",type=\"A\"}"), 1e-9);
                assertEquals(1.0, one(prometheus, "node_handshake_seed_dns_rcode{seed=\"" + SEED + "\",type=\"A\",rcode=\""
                        + seed.at("/dns/A/rcode").asText() + "\"}"));

                // Results by outcome and reason code: the report's, as the counter and the last run's gauge.
                Map<String, Double> byCode = new TreeMap<>();
                for (JsonNode r : seed.get("results")) {
                    String code = r.get("reasonCode").isNull() ? "none" : r.get("reasonCode").asText();
                    byCode.merge(r.get("outcome").asText() + "/" + code, 1.0, Double::sum);
                }
                assertEquals(byCode, byOutcome(prometheus.query("node_handshake_handshakes_total" + s)));
                assertEquals(byCode, byOutcome(prometheus.query("node_handshake_seed_results" + s)));

                Map<String, Double> agents = new TreeMap<>();
                seed.at("/health/userAgents").fields().forEachRemaining(e -> agents.put(e.getKey(), e.getValue().asDouble()));
                Map<String, Double> agentsScraped = new TreeMap<>();
                for (Sample sample : prometheus.query("node_handshake_seed_nodes{seed=\"" + SEED + "\",tally=\"userAgents\"}")) {
                    agentsScraped.put(sample.label("value"), sample.value());
                }
                assertEquals(agents, agentsScraped);
                assertEquals(seed.at("/summary/success").asDouble(),
                        one(prometheus, "node_handshake_handshake_duration_seconds_count" + s));
                double handshakeSeconds = 0;
                for (JsonNode r : seed.get("results")) {
                    handshakeSeconds += r.get("handshakeMillis").asDouble() / 1000; // null (not SUCCESS) is 0
                }
                assertTrue(handshakeSeconds > 0, seed::toString);
                assertEquals(handshakeSeconds, one(prometheus, "node_handshake_handshake_duration_seconds_sum" + s), 1e-9);
                assertEquals(report.get("durationMillis").asDouble() / 1000, one(prometheus, "node_handshake_run_duration_seconds"),
                        1e-9);
                assertEquals(Instant.parse(report.get("finishedAt").asText()).toEpochMilli() / 1000.0,
                        one(prometheus, "node_handshake_last_run_end_timestamp_seconds"), 1e-6);
                assertEquals(0.0, one(prometheus, "node_handshake_report_write_failures_total"));
                assertTrue(one(prometheus, "jvm_memory_used_bytes{area=\"heap\"}") > 0);
                System.out.println("Prometheus: node_handshake_handshakes_total" + s + " -> "
                        + prometheus.query("node_handshake_handshakes_total" + s));

                promtoolPasses(get(base + "/metrics").body());
                HttpResponse<String> health = get(base + "/health");
                assertEquals(200, health.statusCode());
                assertEquals("UP", JSON.readTree(health.body()).get("status").asText());
                HttpResponse<String> ready = get(base + "/ready");
                assertEquals(200, ready.statusCode(), ready.body());
                assertEquals("READY", JSON.readTree(ready.body()).get("status").asText());
                assertEquals(404, get(base + "/nothing").statusCode());

                service.destroy();
                assertTrue(service.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
                assertEquals(0, service.exitValue(), ResponderIT.read(out));
                assertTrue(!ResponderIT.read(out).contains("\tat "), "no stack trace: " + ResponderIT.read(out));
            } finally {
                Processes.stop(service, Duration.ofSeconds(1));
                Processes.forget(hook);
            }
        }
    }

    @Test
    void readyFollowsTheRunsAndTheReportDirectory(@TempDir Path dir) throws Exception {
        Path reports = dir.resolve("reports");
        int metricsPort = ResponderIT.freePort(METRICS_IP);
        try (LitecoindNode node = LitecoindNode.start(NODE_IP)) {
            Path config = serviceConfig(dir, NODE_IP + ":" + LitecoindNode.P2P_PORT + "@litecoin-regtest", "*/2 * * * * ?",
                    null, reports, METRICS_IP + ":" + metricsPort);
            Path out = dir.resolve("service.out");
            Process service = Jar.start(out, "--config", config.toString());
            Thread hook = Processes.killOnExit(service);
            try {
                String ready = "http://" + METRICS_IP + ":" + metricsPort + "/ready";
                // The endpoint is up before the first run has ended: not ready, and why.
                HttpResponse<String> first = awaitAnswer(ready, Duration.ofSeconds(30), service, out);
                assertEquals(503, first.statusCode(), first.body());
                assertEquals("no scheduled run has finished yet", JSON.readTree(first.body()).get("reason").asText());

                HttpResponse<String> afterRun = awaitStatus(ready, 200, Duration.ofSeconds(20));
                assertEquals("READY", JSON.readTree(afterRun.body()).get("status").asText(), afterRun.body());

                // A plain file where the report directory was: the next run's report cannot be written.
                Processes.deleteTree(reports);
                Files.writeString(reports, "in the way");
                HttpResponse<String> failing = awaitStatus(ready, 503, Duration.ofSeconds(20));
                assertTrue(JSON.readTree(failing.body()).get("reason").asText()
                        .startsWith("the last run's report was not written: report not written to " + reports), failing.body());
                assertTrue(get("http://" + METRICS_IP + ":" + metricsPort + "/metrics").body().lines()
                        .anyMatch(l -> l.matches("node_handshake_report_write_failures_total [1-9].*")));
                assertEquals(200, get("http://" + METRICS_IP + ":" + metricsPort + "/health").statusCode(),
                        "alive all the same");

                Files.delete(reports);
                awaitStatus(ready, 200, Duration.ofSeconds(20));
                assertTrue(Files.isRegularFile(reports.resolve("latest.json")), "written again");
            } finally {
                Processes.stop(service, Duration.ofSeconds(0));
                Processes.forget(hook);
            }
        }
    }

    @Test
    void theListenersEndpointCountsARealNodesInboundHandshake(@TempDir Path dir) throws Exception {
        int port = ResponderIT.freePort(LISTEN_IP);
        int metricsPort = ResponderIT.freePort(LISTEN_IP);
        Path out = dir.resolve("listener.out");
        Process listener = Jar.start(out, "--listen", LISTEN_IP + ":" + port, "--network", "litecoin-regtest",
                "--report-dir", dir.resolve("reports").toString(), "--metrics-listen", LISTEN_IP + ":" + metricsPort);
        Thread hook = Processes.killOnExit(listener);
        try {
            String base = "http://" + LISTEN_IP + ":" + metricsPort;
            ResponderIT.awaitLine(out, "Listening for inbound litecoin-regtest handshakes on " + LISTEN_IP + ":" + port,
                    listener);
            HttpResponse<String> ready = get(base + "/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("listening on " + LISTEN_IP + ":" + port, JSON.readTree(ready.body()).get("reason").asText());
            try (LitecoindNode node = LitecoindNode.start(DIALER_IP, "-connect=" + LISTEN_IP + ":" + port)) {
                String success = "node_handshake_inbound_handshakes_total{network=\"litecoin-regtest\",outcome=\"SUCCESS\","
                        + "reason_code=\"none\"} ";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                String metrics = "";
                while (System.nanoTime() < deadline && !metrics.contains(success)) {
                    metrics = get(base + "/metrics").body();
                    Thread.sleep(200);
                }
                assertTrue(metrics.contains(success), metrics);
                assertTrue(metrics.contains("node_handshake_inbound_connections_refused_total{limit=\"max-connections\","
                        + "network=\"litecoin-regtest\"} 0.0"), metrics);
                assertTrue(metrics.contains("node_handshake_inbound_connections_accepted_total{network=\"litecoin-regtest\"}"));
                assertTrue(metrics.contains("node_handshake_inbound_connections_open{network=\"litecoin-regtest\"}"));
                promtoolPasses(metrics);
            }
        } finally {
            Processes.stop(listener, Duration.ofSeconds(0));
            Processes.forget(hook);
        }
    }

    static Path serviceConfig(Path dir, String seeds, String cron, String dnsServer, Path reports, String metrics)
            throws IOException {
        return Files.writeString(dir.resolve("service.properties"), String.join("\n",
                "handshake.seeds = " + seeds,
                "handshake.schedule = " + cron,
                "handshake.timeout-ms = 1500",
                "handshake.dns-server = " + (dnsServer == null ? "" : dnsServer),
                "handshake.allow-private = true",
                "handshake.report-dir = " + reports,
                "handshake.history.enabled = false",
                "handshake.metrics.listen = " + metrics,
                ""));
    }

    /** {@code promtool check metrics} reads the exposition on its standard input: exit 0, not a word printed. */
    static void promtoolPasses(String exposition) throws Exception {
        Path promtool = RealBinaries.require("promtool", "prometheus");
        Path input = Files.createTempFile("exposition", ".txt");
        try {
            Files.writeString(input, exposition);
            Path output = Files.createTempFile("promtool", ".out");
            try {
                Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(input.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                assertTrue(check.waitFor(30, TimeUnit.SECONDS), "promtool ended");
                String said = Files.readString(output);
                assertEquals("", said, "promtool check metrics found problems");
                assertEquals(0, check.exitValue(), said);
            } finally {
                Files.deleteIfExists(output);
            }
        } finally {
            Files.deleteIfExists(input);
        }
    }

    static double one(PrometheusServer prometheus, String promql) throws Exception {
        List<Sample> samples = prometheus.query(promql);
        assertEquals(1, samples.size(), promql + " -> " + samples);
        return samples.get(0).value();
    }

    static Map<String, Double> byOutcome(List<Sample> samples) {
        Map<String, Double> out = new TreeMap<>();
        samples.forEach(s -> out.put(s.label("outcome") + "/" + s.label("reason_code"), s.value()));
        return out;
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReport(Path latest, Duration timeout, Process service, Path out) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.exists(latest)) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no report: " + ResponderIT.read(out));
            }
            Thread.sleep(100);
        }
    }

    /** The first answer of the endpoint once it listens. */
    static HttpResponse<String> awaitAnswer(String url, Duration timeout, Process service, Path out) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return get(url);
            } catch (IOException e) {
                if (!service.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the endpoint never answered: " + ResponderIT.read(out), e);
                }
                Thread.sleep(20);
            }
        }
    }

    static HttpResponse<String> awaitStatus(String url, int status, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = get(url);
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = get(url);
        }
        assertEquals(status, last.statusCode(), last.body());
        return last;
    }
}
