package org.nodehandshake.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import org.nodehandshake.protocol.HandshakeResult;
import org.nodehandshake.protocol.ReasonCode;
import org.nodehandshake.protocol.Responder;

/**
 * The responder's metrics: inbound handshakes by outcome and reason code (counted as each ends), and the
 * responder's own counters read at scrape time (open connections, admitted ones, those refused by each limit).
 */
public final class ListenerMetrics {

    /** The {@code limit} label of a refused connection: the setting that refused it. */
    public static final String MAX_CONNECTIONS = "max-connections";
    public static final String MAX_PER_ADDRESS = "max-per-address";

    private final Counter inbound;
    private final String network;

    public ListenerMetrics(PrometheusRegistry registry, String network, Supplier<Responder.Counters> counters) {
        this.network = network;
        inbound = Counter.builder().name("node_handshake_inbound_handshakes_total")
                .help("Inbound handshakes since the start, by outcome and reason code (none on SUCCESS)")
                .labelNames("network", "outcome", "reason_code").register(registry);
        GaugeWithCallback.builder().name("node_handshake_inbound_connections_open")
                .help("Inbound connections open now (handshaking or lingering)").labelNames("network")
                .callback(c -> c.call(counters.get().active(), network)).register(registry);
        CounterWithCallback.builder().name("node_handshake_inbound_connections_accepted_total")
                .help("Inbound connections admitted since the start").labelNames("network")
                .callback(c -> c.call(counters.get().accepted(), network)).register(registry);
        CounterWithCallback.builder().name("node_handshake_inbound_connections_refused_total")
                .help("Inbound connections closed at once by a limit since the start, by the limit's setting")
                .labelNames("network", "limit")
                .callback(c -> {
                    Responder.Counters now = counters.get();
                    c.call(now.rejectedTooManyConnections(), network, MAX_CONNECTIONS);
                    c.call(now.rejectedTooManyFromAddress(), network, MAX_PER_ADDRESS);
                }).register(registry);
    }

    /** One inbound handshake ended. */
    public void record(HandshakeResult result) {
        inbound.labelValues(network, result.outcome().label(),
                result.outcome().reasonCode().map(ReasonCode::code).orElse(RunMetrics.NO_REASON)).inc();
    }
}
