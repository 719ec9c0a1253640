package org.nodehandshake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.apache.camel.ServiceStatus;
import org.nodehandshake.camel.HandshakeSettings;
import org.nodehandshake.dns.HostAndPort;
import org.nodehandshake.metrics.MetricsServer;
import org.nodehandshake.metrics.Readiness;
import org.nodehandshake.protocol.Responder;
import org.slf4j.LoggerFactory;

/**
 * The responder: runs until SIGTERM or Ctrl-C; on the signal the handshakes in progress end, the running
 * report is written once more, Camel stops and the exit status is 0.
 */
final class ListenerRunner {

    private ListenerRunner() {
    }

    static int run(CamelRuntime camel, String listen, PrintStream err) throws StartFailure {
        HandshakeSettings settings = camel.configure(); // the address checked with every other setting
        Optional<String> unavailable = settings.listen().map(ListenerRunner::bindProblem)
                .orElse(Optional.of("not HOST:PORT"));
        if (unavailable.isPresent()) {
            camel.stop();
            err.println("error: cannot listen on " + listen + ": " + unavailable.get());
            return NodeHandshake.EXIT_NO_SUCCESS;
        }
        Optional<MetricsServer> metrics;
        try {
            metrics = MetricsEndpoint.startWithCamel(camel, settings, Readiness.listener(() -> listening(camel), listen));
        } catch (MetricsEndpoint.Unavailable e) {
            return MetricsEndpoint.refused(camel, e, err);
        }
        LoggerFactory.getLogger(NodeHandshake.class).info("Listening for inbound {} handshakes on {}",
                settings.network().id(), listen);
        return camel.untilSignalled(() -> {
            awaitHandshakesInProgress(camel);
            camel.main().getCamelTemplate().sendBody("direct:write-listener-report", null);
            metrics.ifPresent(MetricsServer::close);
        });
    }

    /**
     * A stop lets the handshakes in progress end (each within its own deadline) so that the last report
     * counts them: a peer that just finished its side is not left out.
     */
    private static void awaitHandshakesInProgress(CamelRuntime camel) throws Exception {
        Responder responder = camel.main().getCamelContext().getRegistry().lookupByNameAndType("responder", Responder.class);
        int inProgress = responder.handshakesInProgress();
        if (inProgress > 0) {
            LoggerFactory.getLogger(NodeHandshake.class).info("Stopping: waiting for {} handshake(s) in progress", inProgress);
            responder.outcomesInProgress().get();
        }
    }

    /** The listener route is started, so its server socket is bound. */
    private static boolean listening(CamelRuntime camel) {
        ServiceStatus status = camel.main().getCamelContext().getRouteController().getRouteStatus("listener");
        return status != null && status.isStarted();
    }

    /** Says why the address cannot be listened on (in use, not local), before Camel would fail with a stack trace. */
    static Optional<String> bindProblem(HostAndPort address) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address.host(), address.port()));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
