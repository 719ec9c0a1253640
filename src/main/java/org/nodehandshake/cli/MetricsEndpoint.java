package org.nodehandshake.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.metrics.MetricsServer;
import org.nodehandshake.metrics.Readiness;
import org.quartz.CronExpression;
import org.slf4j.LoggerFactory;

/**
 * Starts the service's and the listener's metrics and health endpoint ({@code handshake.metrics.listen}), before
 * Camel starts: an address that cannot be bound is one line and exit status 2, nothing started.
 */
final class MetricsEndpoint {

    /** The endpoint could not be started: the line that says why. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private MetricsEndpoint() {
    }

    /** Empty when {@code handshake.metrics.listen} is blank. */
    static Optional<MetricsServer> start(CamelRuntime camel, HandshakeSettings settings, Readiness readiness)
            throws Unavailable {
        if (settings.metricsListen().isEmpty()) {
            return Optional.empty();
        }
        HostAndPort address = settings.metricsListen().get();
        try {
            MetricsServer server = MetricsServer.start(address,
                    camel.bean("metricsRegistry", PrometheusRegistry.class), readiness, Clock.systemUTC());
            String base = "http://" + (address.host().contains(":") ? "[" + address.host() + "]" : address.host())
                    + ":" + server.port();
            LoggerFactory.getLogger(NodeHandshake.class).info("Metrics on {}/metrics, probes {}/health and {}/ready",
                    base, base, base);
            return Optional.of(server);
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("cannot serve metrics on " + address.host() + ":" + address.port() + " ("
                    + HandshakeSettings.METRICS_LISTEN + "): " + CamelRuntime.rootMessage(e));
        }
    }

    /**
     * Opens the metrics port (when set), then starts Camel: the probes answer from the start, and the port
     * is closed again when Camel does not start.
     */
    static Optional<MetricsServer> startWithCamel(CamelRuntime camel, HandshakeSettings settings, Readiness readiness)
            throws Unavailable, StartFailure {
        Optional<MetricsServer> metrics = start(camel, settings, readiness);
        try {
            camel.start();
        } catch (StartFailure e) {
            metrics.ifPresent(MetricsServer::close);
            throw e;
        }
        return metrics;
    }

    /** The fire times of {@code handshake.schedule}, as Quartz reads it (in the JVM's time zone, as camel-quartz does). */
    static Readiness.Schedule schedule(String cron) throws Unavailable {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new Unavailable("handshake.schedule: not a Quartz cron expression: " + cron + " (" + e.getMessage() + ")");
        }
        expression.setTimeZone(TimeZone.getDefault());
        return instant -> Optional.ofNullable(expression.getNextValidTimeAfter(Date.from(instant))).map(Date::toInstant);
    }

    /** The one line and exit status 2 of an endpoint that cannot start; Camel stopped first. */
    static int refused(CamelRuntime camel, Unavailable e, PrintStream err) {
        camel.stop();
        err.println("error: " + e.getMessage());
        return NodeHandshake.EXIT_USAGE;
    }
}
