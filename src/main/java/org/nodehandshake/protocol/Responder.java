package org.nodehandshake.protocol;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The responder side for accepted connections, whatever the transport glue: admission limits first
 * (a maximum of concurrent connections and a per-source-IP cap; beyond them a connection is closed
 * at once and only counted), then the protocol's handshake under one deadline per connection.
 * A peer that never completes costs one deadline, never a thread.
 */
public final class Responder {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    /** Past a handshake's own deadline, the time its timeout outcome needs to be handed on. */
    private static final long DEADLINE_MARGIN_MILLIS = 500;

    private final Network network;
    private final HandshakeProtocol protocol;
    private final long timeoutMillis;
    private final long lingerMillis;
    private final int maxConnections;
    private final int maxPerAddress;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejectedTooMany = new AtomicLong();
    private final AtomicLong rejectedPerAddress = new AtomicLong();
    /** One per connection whose outcome has not been handed on yet; done once {@code onOutcome} returned. */
    private final Set<CompletableFuture<Void>> outcomesPending = ConcurrentHashMap.newKeySet();

    public Responder(Network network, HandshakeProtocol protocol, long timeoutMillis, long lingerMillis,
                     int maxConnections, int maxPerAddress) {
        if (maxConnections < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        this.network = Objects.requireNonNull(network, "network");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.timeoutMillis = timeoutMillis;
        this.lingerMillis = Math.max(0, lingerMillis);
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counters for the running report. */
    public record Counters(long accepted, int active, long rejectedTooManyConnections, long rejectedTooManyFromAddress) {
    }

    public Counters counters() {
        return new Counters(accepted.get(), active.get(), rejectedTooMany.get(), rejectedPerAddress.get());
    }

    public Network network() {
        return network;
    }

    /**
     * Takes an accepted channel: either closes it at once (over a limit; returns false) or installs the
     * handshake. {@code onOutcome} runs once on the channel's event loop, before the channel closes.
     */
    public boolean accept(Channel channel, Consumer<HandshakeResult> onOutcome) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetAddress ip = remote.getAddress();
        if (active.incrementAndGet() > maxConnections) {
            active.decrementAndGet();
            rejectedTooMany.incrementAndGet();
            LOG.debug("Inbound connection from {} closed: {} connections already (limit)", remote, maxConnections);
            channel.close();
            return false;
        }
        if (!admitFrom(ip)) {
            active.decrementAndGet();
            rejectedPerAddress.incrementAndGet();
            LOG.debug("Inbound connection from {} closed: {} from that address already (limit)", remote, maxPerAddress);
            channel.close();
            return false;
        }
        accepted.incrementAndGet();
        LOG.debug("Inbound connection from {} admitted ({} active)", remote, active.get());
        channel.closeFuture().addListener(f -> release(ip));
        HandshakeTarget peer = new HandshakeTarget("inbound", ip, remote.getPort(), network, true);
        HandshakeSession session = new HandshakeSession(peer, timeoutMillis, Direction.INBOUND, protocol.limits());
        protocol.install(channel.pipeline(), session);
        CompletableFuture<Void> handedOn = new CompletableFuture<>();
        outcomesPending.add(handedOn);
        SessionSupervisor.supervise(channel, session, protocol, lingerMillis, result -> {
            try {
                onOutcome.accept(result);
            } finally {
                outcomesPending.remove(handedOn);
                handedOn.complete(null);
            }
        });
        return true;
    }

    /**
     * Completes once every handshake in progress now has handed on its outcome (connections that only
     * linger or settle after a success have already): what a stopping listener waits for before its last
     * report, so that a handshake a peer just finished is in it. Each handshake has its own deadline, so
     * this completes within the timeout; the returned future is bounded by it all the same.
     */
    public CompletableFuture<Void> outcomesInProgress() {
        return CompletableFuture.allOf(outcomesPending.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, timeoutMillis + DEADLINE_MARGIN_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Handshakes in progress now (admitted, no outcome yet). */
    public int handshakesInProgress() {
        return outcomesPending.size();
    }

    /** Counts one more connection from {@code ip} unless that would pass the cap; atomic per address. */
    private boolean admitFrom(InetAddress ip) {
        boolean[] admitted = {false};
        perAddress.compute(ip, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= maxPerAddress) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        return admitted[0];
    }

    private void release(InetAddress ip) {
        active.decrementAndGet();
        perAddress.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1); // no entry outlives its last connection
    }

    /** Distinct source addresses with a connection open now (bounded by the connection limit). */
    public int sourcesTracked() {
        return perAddress.size();
    }
}
