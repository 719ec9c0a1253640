package org.nodehandshake.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.nodehandshake.dns.HostAndPort;
import org.slf4j.LoggerFactory;

/**
 * The responder: runs until SIGTERM or Ctrl-C; on the signal the running report is written once more,
 * Camel stops and the exit status is 0.
 */
final class ListenerRunner {

    private ListenerRunner() {
    }

    static int run(CamelRuntime camel, String listen, PrintStream err) {
        Optional<String> unavailable = bindProblem(listen);
        if (unavailable.isPresent()) {
            err.println("error: cannot listen on " + listen + ": " + unavailable.get());
            return NodeHandshake.EXIT_NO_SUCCESS;
        }
        if (!camel.start()) {
            return NodeHandshake.EXIT_NO_SUCCESS;
        }
        LoggerFactory.getLogger(NodeHandshake.class).info("Listening for inbound {} handshakes on {}",
                camel.property("handshake.network").orElse("?"), listen);
        return camel.untilSignalled(
                () -> camel.main().getCamelTemplate().sendBody("direct:write-listener-report", null));
    }

    /** Says why the address cannot be listened on (in use, not local), before Camel would fail with a stack trace. */
    static Optional<String> bindProblem(String hostAndPort) {
        Optional<HostAndPort> address = HostAndPort.parse(hostAndPort, 0);
        if (address.isEmpty()) {
            return Optional.of("not HOST:PORT");
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(address.get().host(), address.get().port()));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
