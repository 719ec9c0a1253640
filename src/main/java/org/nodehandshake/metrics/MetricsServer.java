package org.nodehandshake.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.httpserver.HttpErrorHandlingPolicy;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.nodehandshake.dns.HostAndPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one port of {@code handshake.metrics.listen}: {@code /metrics} (the Prometheus text format),
 * {@code /health} (200 while the process runs) and {@code /ready} (200 or 503 with the reason), both JSON.
 * The JDK's HTTP server under the Prometheus client's, on daemon threads of its own: no request waits on a peer.
 */
public final class MetricsServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    /**
     * The exporter logs a scrape whose client went away (a scraper's timeout: a broken pipe) with a stack trace
     * through java.util.logging; our error reporter says it in one line instead. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger EXPORTER_LOG = java.util.logging.Logger.getLogger(
            "io.prometheus.metrics.exporter.httpserver");

    private final HTTPServer server;

    private MetricsServer(HTTPServer server) {
        this.server = server;
    }

    /**
     * Binds {@code address} and serves the registry (with the JVM's and the process's metrics added) and the
     * probes; an address that cannot be bound throws with the system's reason.
     */
    public static MetricsServer start(HostAndPort address, PrometheusRegistry registry, Readiness readiness,
                                      Clock clock) throws IOException {
        JvmMetrics.builder().register(registry);
        EXPORTER_LOG.setLevel(Level.OFF);
        HTTPServer server = HTTPServer.builder()
                .inetAddress(InetAddress.getByName(address.host()))
                .port(address.port())
                .registry(registry)
                .registerHealthHandler(false) // /health is ours
                .errorHandlingPolicy(HttpErrorHandlingPolicy.builder()
                        .errorReporter(e -> LOG.debug("metrics scrape not answered: {}", e.toString())).build())
                .defaultHandler(exchange -> probe(exchange, readiness, clock))
                .buildAndStart();
        return new MetricsServer(server);
    }

    /** The bound port (the one asked for, or the system's choice for port 0 in tests). */
    public int port() {
        return server.getPort();
    }

    /** Every path the metrics handler does not take: the probes, else 404. */
    private static void probe(HttpExchange exchange, Readiness readiness, Clock clock) throws IOException {
        try (exchange) {
            exchange.getRequestBody().close(); // nothing is read from a request
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                respond(exchange, 405, Map.of("error", "method not allowed"));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/health" -> respond(exchange, 200, Map.of("status", "UP"));
                case "/ready" -> {
                    Readiness.Status status = readiness.status(clock.instant());
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", status instanceof Readiness.Ready ? "READY" : "NOT_READY");
                    body.put("reason", status.reason());
                    respond(exchange, status instanceof Readiness.Ready ? 200 : 503, body);
                }
                default -> respond(exchange, 404, Map.of("error", "not found: try /metrics, /health or /ready"));
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
